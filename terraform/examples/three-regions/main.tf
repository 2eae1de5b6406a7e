# Meridian in three regions: two controller replicas (with their database and secrets) in
# controller_region, media agents in agent_regions a, b and c holding a stream to every replica, and the
# controller's names in Route 53.

locals {
  tags = merge(var.tags, { "meridian:deployment" = var.name_prefix })

  # What every agent region shares.
  agent_settings = {
    controller_address = join(",", module.controller.grpc_addresses)
    controller_url     = module.controller.controller_url
  }
}

module "controller" {
  source    = "../../modules/controller"
  providers = { aws = aws.controller, tls = tls }

  name_prefix         = var.name_prefix
  region              = var.controller_region
  vpc_cidr            = var.controller_vpc_cidr
  domain_name         = var.controller_domain
  certificate_arn     = var.controller_certificate_arn
  agent_regions       = values(var.agent_regions)
  artifact_s3_uri     = var.artifact_s3_uri
  geoip_s3_uri        = var.geoip_s3_uri
  deletion_protection = var.db_deletion_protection
}

# One call per region on purpose: a module call's providers cannot vary per for_each instance.
module "agents_a" {
  source    = "../../modules/media-agent-region"
  providers = { aws = aws.region_a }

  name_prefix                 = var.name_prefix
  region                      = var.agent_regions.a
  vpc_cidr                    = var.agent_vpc_cidrs.a
  desired_capacity            = var.agents_per_region
  max_size                    = var.max_agents_per_region
  media_port                  = var.media_port
  relay_port                  = var.relay_port
  controller_address          = local.agent_settings.controller_address
  controller_url              = local.agent_settings.controller_url
  agent_credential_secret_arn = module.controller.agent_credential_secret_arns[var.agent_regions.a]
  tls_secret_arn              = var.agent_tls_secret_arn
  agent_domain                = var.agent_domain
  agent_dns_zone_id           = var.dns_zone_id
  artifact_s3_uri             = var.artifact_s3_uri
}

module "agents_b" {
  source    = "../../modules/media-agent-region"
  providers = { aws = aws.region_b }

  name_prefix                 = var.name_prefix
  region                      = var.agent_regions.b
  vpc_cidr                    = var.agent_vpc_cidrs.b
  desired_capacity            = var.agents_per_region
  max_size                    = var.max_agents_per_region
  media_port                  = var.media_port
  relay_port                  = var.relay_port
  controller_address          = local.agent_settings.controller_address
  controller_url              = local.agent_settings.controller_url
  agent_credential_secret_arn = module.controller.agent_credential_secret_arns[var.agent_regions.b]
  tls_secret_arn              = var.agent_tls_secret_arn
  agent_domain                = var.agent_domain
  agent_dns_zone_id           = var.dns_zone_id
  artifact_s3_uri             = var.artifact_s3_uri
}

module "agents_c" {
  source    = "../../modules/media-agent-region"
  providers = { aws = aws.region_c }

  name_prefix                 = var.name_prefix
  region                      = var.agent_regions.c
  vpc_cidr                    = var.agent_vpc_cidrs.c
  desired_capacity            = var.agents_per_region
  max_size                    = var.max_agents_per_region
  media_port                  = var.media_port
  relay_port                  = var.relay_port
  controller_address          = local.agent_settings.controller_address
  controller_url              = local.agent_settings.controller_url
  agent_credential_secret_arn = module.controller.agent_credential_secret_arns[var.agent_regions.c]
  tls_secret_arn              = var.agent_tls_secret_arn
  agent_domain                = var.agent_domain
  agent_dns_zone_id           = var.dns_zone_id
  artifact_s3_uri             = var.artifact_s3_uri
}

# Route 53 is global; the controller's provider is as good as any.
module "dns" {
  source    = "../../modules/dns"
  providers = { aws = aws.controller }

  zone_id        = var.dns_zone_id
  record_name    = var.controller_domain
  routing_policy = "latency"
  endpoints = {
    primary = {
      region      = var.controller_region
      lb_dns_name = module.controller.lb_dns_name
      lb_zone_id  = module.controller.lb_zone_id
    }
  }
}

# Each replica's own name (c<N>.<controller_domain>), which agents dial to reach that replica, points at the
# load balancer; its listener rules route by name.
resource "aws_route53_record" "controller_replica" {
  provider = aws.controller
  for_each = toset(module.controller.replica_domain_names)

  zone_id = var.dns_zone_id
  name    = each.key
  type    = "A"

  alias {
    name                   = module.controller.lb_dns_name
    zone_id                = module.controller.lb_zone_id
    evaluate_target_health = true
  }
}
