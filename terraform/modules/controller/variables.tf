# Each module declares its own typed, described, validated inputs: Terraform modules cannot share variable blocks.

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name, so that several Meridian fleets can share an account."
  default     = "meridian"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "AWS region of this module's provider, where the controller and its database run."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1 or us-gov-west-1."
  }
}

variable "domain_name" {
  type        = string
  description = "Public host name of the controller (the dns module points it at the load balancer); certificate_arn must cover it."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name, such as meridian.example.com."
  }
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate (in this region) for domain_name and the replica names c<N>.<domain_name> (e.g. with *.<domain_name>), served by the load balancer's HTTPS listener."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "agent_regions" {
  type        = list(string)
  description = "Regions that run agents: each gets an agent credential secret for agent ids <region>-*."

  validation {
    condition     = length(var.agent_regions) > 0 && alltrue([for r in var.agent_regions : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", r))])
    error_message = "agent_regions must be a non-empty list of AWS region names."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC created for the controller when existing_network is null."
  default     = "10.10.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 22
    error_message = "vpc_cidr must be an IPv4 CIDR block of size /22 or larger, such as 10.10.0.0/16."
  }
}

variable "availability_zone_count" {
  type        = number
  description = "Availability zones of the created VPC; the load balancer and the database need at least two."
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 6 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "availability_zone_count must be a whole number from 2 to 6."
  }
}

variable "existing_network" {
  type = object({
    vpc_id             = string
    public_subnet_ids  = list(string)
    private_subnet_ids = list(string)
  })
  description = "An existing VPC to use instead of creating one: public subnets (load balancer) and private subnets with outbound internet access (controller, database), each in two or more zones."
  default     = null

  validation {
    condition = var.existing_network == null || (
      can(regex("^vpc-[0-9a-f]+$", var.existing_network.vpc_id)) &&
      length(var.existing_network.public_subnet_ids) >= 2 &&
      length(var.existing_network.private_subnet_ids) >= 2
    )
    error_message = "existing_network needs a vpc-… id and at least two public and two private subnet ids."
  }
}

variable "client_ipv4_cidrs" {
  type        = list(string)
  description = "IPv4 networks allowed to reach the load balancer (clients' REST calls and agents' gRPC); the internet by default."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.client_ipv4_cidrs) > 0 && alltrue([for c in var.client_ipv4_cidrs : can(cidrnetmask(c))])
    error_message = "client_ipv4_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "https_port" {
  type        = number
  description = "Port of the load balancer's TLS listener, carrying both the REST API (HTTP/1.1, HTTP/2) and the agents' gRPC stream."
  default     = 443

  validation {
    condition     = var.https_port >= 1 && var.https_port <= 65535 && floor(var.https_port) == var.https_port
    error_message = "https_port must be a port number from 1 to 65535."
  }
}

variable "http_port" {
  type        = number
  description = "Controller's REST port behind the load balancer (MERIDIAN_HTTP_PORT); reachable only from the load balancer."
  default     = 8080

  validation {
    condition     = var.http_port >= 1024 && var.http_port <= 65535 && floor(var.http_port) == var.http_port
    error_message = "http_port must be an unprivileged port number from 1024 to 65535."
  }
}

variable "grpc_port" {
  type        = number
  description = "Controller's gRPC agent port behind the load balancer (MERIDIAN_GRPC_PORT); reachable only from the load balancer."
  default     = 9090

  validation {
    condition     = var.grpc_port >= 1024 && var.grpc_port <= 65535 && floor(var.grpc_port) == var.grpc_port && var.grpc_port != var.http_port
    error_message = "grpc_port must be an unprivileged port number from 1024 to 65535, different from http_port."
  }
}

variable "db_port" {
  type        = number
  description = "PostgreSQL port; reachable only from the controller instances."
  default     = 5432

  validation {
    condition     = var.db_port >= 1150 && var.db_port <= 65535 && floor(var.db_port) == var.db_port
    error_message = "db_port must be a port number from 1150 to 65535 (an RDS limit)."
  }
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of a controller instance."
  default     = "m7g.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like an EC2 instance type, such as m7g.large."
  }
}

variable "architecture" {
  type        = string
  description = "CPU architecture of instance_type, used to pick the Amazon Linux 2023 image: arm64 or x86_64."
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "ami_id" {
  type        = string
  description = "Image to boot; null follows the latest Amazon Linux 2023 image (each new one rolls the controller). Pin it in production."
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]+$", var.ami_id))
    error_message = "ami_id must be null or an ami-… id."
  }
}

variable "instance_count" {
  type        = number
  description = "Controller replicas sharing the database, each an autoscaling group of one (replaced when it fails) with its own name c<N>.<domain_name>; every agent holds a stream to each."
  default     = 2

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 10 && floor(var.instance_count) == var.instance_count
    error_message = "instance_count must be a whole number from 1 to 10."
  }
}

variable "artifact_s3_uri" {
  type        = string
  description = "s3:// URI of the Meridian release tarball (top level holds bin/controller); changing it rolls the controller."

  validation {
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\\.tar\\.gz$", var.artifact_s3_uri))
    error_message = "artifact_s3_uri must look like s3://bucket/path/meridian-1.2.3.tar.gz."
  }
}

variable "geoip_s3_uri" {
  type        = string
  description = "s3:// URI of a MaxMind GeoIP2/GeoLite2 City database (.mmdb), copied to geoip_path at boot. MaxMind's licence requires the operator to supply it."

  validation {
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\\.mmdb$", var.geoip_s3_uri))
    error_message = "geoip_s3_uri must look like s3://bucket/path/GeoLite2-City.mmdb."
  }
}

variable "geoip_path" {
  type        = string
  description = "Path of the GeoIP database on the controller instances (MERIDIAN_GEOIP_DB)."
  default     = "/var/lib/meridian/GeoLite2-City.mmdb"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]+\\.mmdb$", var.geoip_path))
    error_message = "geoip_path must be an absolute path ending in .mmdb."
  }
}

variable "java_package" {
  type        = string
  description = "Amazon Linux 2023 package that provides Java 25 or later for the controller (the launchers share bin/lib/java.sh, which requires 25)."
  default     = "java-25-amazon-corretto-headless"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.+-]+$", var.java_package))
    error_message = "java_package must be a package name."
  }
}

variable "db_instance_class" {
  type        = string
  description = "RDS instance class of the PostgreSQL database."
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must look like db.t4g.medium."
  }
}

variable "db_engine_version" {
  type        = string
  description = "PostgreSQL major (or major.minor) version; minor upgrades are applied in the maintenance window."
  default     = "17"

  validation {
    condition     = can(regex("^1[4-9](\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 14 or later, such as 17 or 16.4."
  }
}

variable "db_allocated_storage_gb" {
  type        = number
  description = "Initial database storage in GiB; storage autoscaling may grow it to four times this."
  default     = 20

  validation {
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 16384
    error_message = "db_allocated_storage_gb must be between 20 and 16384."
  }
}

variable "db_multi_az" {
  type        = bool
  description = "Run the database with a synchronous standby in a second availability zone."
  default     = true
}

variable "db_backup_retention_days" {
  type        = number
  description = "Days of automated database backups."
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35."
  }
}

variable "db_name" {
  type        = string
  description = "Name of the controller's database."
  default     = "meridian"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and hold only a-z, 0-9 and '_' (at most 63)."
  }
}

variable "db_username" {
  type        = string
  description = "Database user of the controller (MERIDIAN_DB_USER); its password is generated and kept only in Secrets Manager."
  default     = "meridian"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_username)) && !contains(["admin", "postgres", "rdsadmin"], var.db_username)
    error_message = "db_username must start with a letter, hold only a-z, 0-9 and '_', and not be a reserved name."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the database and the load balancer from deletion; turn off before destroying."
  default     = true
}

variable "fleet_token_version" {
  type        = number
  description = "Generation of the fleet token; raising it writes a new random token (then roll agents and controller)."
  default     = 1

  validation {
    condition     = var.fleet_token_version >= 1 && floor(var.fleet_token_version) == var.fleet_token_version
    error_message = "fleet_token_version must be a whole number, 1 or more."
  }
}

variable "token_signing_key_version" {
  type        = number
  description = "Generation of the join-token signing key (Ed25519); raising it writes a new key (then roll the controller)."
  default     = 1

  validation {
    condition     = var.token_signing_key_version >= 1 && floor(var.token_signing_key_version) == var.token_signing_key_version
    error_message = "token_signing_key_version must be a whole number, 1 or more."
  }
}

variable "operator_token_version" {
  type        = number
  description = "Generation of the operator token; raising it writes a new random token (then roll the controller)."
  default     = 1

  validation {
    condition     = var.operator_token_version >= 1 && floor(var.operator_token_version) == var.operator_token_version
    error_message = "operator_token_version must be a whole number, 1 or more."
  }
}

variable "db_password_version" {
  type        = number
  description = "Generation of the database password; raising it sets a new random password on the database and in its secret (then roll the controller)."
  default     = 1

  validation {
    condition     = var.db_password_version >= 1 && floor(var.db_password_version) == var.db_password_version
    error_message = "db_password_version must be a whole number, 1 or more."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the module."
  default     = {}
}
