variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
  default     = "meridian"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "controller_region" {
  type        = string
  description = "Region of the controller, its database and its secrets."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", var.controller_region))
    error_message = "controller_region must be an AWS region name such as eu-west-1."
  }
}

variable "agent_regions" {
  type = object({
    a = string
    b = string
    c = string
  })
  description = "The three regions that run media agents, one per provider alias (region_a, region_b, region_c)."
  default = {
    a = "eu-west-1"
    b = "us-east-1"
    c = "ap-southeast-1"
  }

  validation {
    condition     = alltrue([for r in values(var.agent_regions) : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", r))]) && length(distinct(values(var.agent_regions))) == 3
    error_message = "agent_regions must be three different AWS region names."
  }
}

variable "agent_vpc_cidrs" {
  type = object({
    a = string
    b = string
    c = string
  })
  description = "IPv4 CIDR of the agents' VPC in each region; distinct so that the networks can be peered later."
  default = {
    a = "10.21.0.0/16"
    b = "10.22.0.0/16"
    c = "10.23.0.0/16"
  }

  validation {
    condition     = alltrue([for c in values(var.agent_vpc_cidrs) : can(cidrnetmask(c))]) && length(distinct(values(var.agent_vpc_cidrs))) == 3
    error_message = "agent_vpc_cidrs must be three different IPv4 CIDR blocks."
  }
}

variable "controller_vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the controller's VPC."
  default     = "10.10.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.controller_vpc_cidr))
    error_message = "controller_vpc_cidr must be an IPv4 CIDR block."
  }
}

variable "dns_zone_id" {
  type        = string
  description = "Route 53 hosted zone holding controller_domain and agent_domain."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{4,32}$", var.dns_zone_id))
    error_message = "dns_zone_id must be a Route 53 hosted zone id."
  }
}

variable "controller_domain" {
  type        = string
  description = "Public name of the controller, such as meridian.example.com."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.controller_domain))
    error_message = "controller_domain must be a lower-case DNS name."
  }
}

variable "controller_certificate_arn" {
  type        = string
  description = "ACM certificate in controller_region covering controller_domain."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.controller_certificate_arn))
    error_message = "controller_certificate_arn must be an ACM certificate ARN."
  }
}

variable "agent_domain" {
  type        = string
  description = "Domain under which every agent registers its own name, such as agents.meridian.example.com."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.agent_domain))
    error_message = "agent_domain must be a lower-case DNS name."
  }
}

variable "agent_tls_secret_arn" {
  type        = string
  description = "Secrets Manager secret (any region) holding JSON {certificate, private_key} PEMs for *.<agent_domain>."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.agent_tls_secret_arn))
    error_message = "agent_tls_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "artifact_s3_uri" {
  type        = string
  description = "s3:// URI of the Meridian release tarball (bin/controller, bin/media-agent)."

  validation {
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\\.tar\\.gz$", var.artifact_s3_uri))
    error_message = "artifact_s3_uri must look like s3://bucket/path/meridian-1.2.3.tar.gz."
  }
}

variable "geoip_s3_uri" {
  type        = string
  description = "s3:// URI of the MaxMind City database (.mmdb) the controller geolocates clients with."

  validation {
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\\.mmdb$", var.geoip_s3_uri))
    error_message = "geoip_s3_uri must look like s3://bucket/path/GeoLite2-City.mmdb."
  }
}

variable "agents_per_region" {
  type        = number
  description = "Agents started in each region (the CPU policy adjusts the count later, up to max_agents_per_region)."
  default     = 2

  validation {
    condition     = var.agents_per_region >= 1 && var.agents_per_region <= var.max_agents_per_region
    error_message = "agents_per_region must be between 1 and max_agents_per_region."
  }
}

variable "max_agents_per_region" {
  type        = number
  description = "Most agents in each region."
  default     = 6

  validation {
    condition     = var.max_agents_per_region >= 1 && var.max_agents_per_region <= 500
    error_message = "max_agents_per_region must be between 1 and 500."
  }
}

variable "media_port" {
  type        = number
  description = "UDP media port of every agent (MERIDIAN_AGENT_MEDIA_PORT)."
  default     = 10000

  validation {
    condition     = var.media_port >= 1 && var.media_port <= 65535
    error_message = "media_port must be a port number from 1 to 65535."
  }
}

variable "relay_port" {
  type        = number
  description = "UDP relay port of every agent (MERIDIAN_AGENT_RELAY_PORT)."
  default     = 10001

  validation {
    condition     = var.relay_port >= 1 && var.relay_port <= 65535 && var.relay_port != var.media_port
    error_message = "relay_port must be a port number from 1 to 65535, different from media_port."
  }
}

variable "db_deletion_protection" {
  type        = bool
  description = "Protect the database and load balancer from deletion; set false before terraform destroy."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource through the providers' default_tags."
  default     = {}
}
