# One aws provider per region. The controller and the DNS records use "controller"; each agent
# region has its own alias, handed to its media-agent-region module.

provider "aws" {
  alias  = "controller"
  region = var.controller_region

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias  = "region_a"
  region = var.agent_regions.a

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias  = "region_b"
  region = var.agent_regions.b

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias  = "region_c"
  region = var.agent_regions.c

  default_tags {
    tags = local.tags
  }
}

provider "tls" {}
