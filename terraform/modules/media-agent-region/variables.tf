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
  description = "AWS region of this module's provider; also the agents' MERIDIAN_AGENT_REGION, so it must be a name the controller's region catalog knows."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1 or us-gov-west-1."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC created for the agents when existing_network is null."
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be an IPv4 CIDR block of size /24 or larger, such as 10.20.0.0/16."
  }
}

variable "availability_zone_count" {
  type        = number
  description = "How many availability zones the created VPC spans (one public subnet each)."
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 1 && var.availability_zone_count <= 6 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "availability_zone_count must be a whole number from 1 to 6."
  }
}

variable "existing_network" {
  type = object({
    vpc_id     = string
    subnet_ids = list(string)
  })
  description = "An existing VPC and public subnets to place the agents in, instead of creating a VPC. The subnets need a route to an internet gateway: agents receive media on their public address."
  default     = null

  validation {
    condition = var.existing_network == null || (
      can(regex("^vpc-[0-9a-f]+$", var.existing_network.vpc_id)) &&
      length(var.existing_network.subnet_ids) > 0 &&
      alltrue([for s in var.existing_network.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    )
    error_message = "existing_network needs a vpc-… id and at least one subnet-… id."
  }
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of an agent; network-optimised types suit a forwarding SFU."
  default     = "c7gn.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like an EC2 instance type, such as c7gn.large."
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
  description = "Image to boot; null follows the latest Amazon Linux 2023 image, which rolls the agents whenever Amazon publishes one. Pin it in production."
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]+$", var.ami_id))
    error_message = "ami_id must be null or an ami-… id."
  }
}

variable "min_size" {
  type        = number
  description = "Fewest agents in this region."
  default     = 1

  validation {
    condition     = var.min_size >= 0 && floor(var.min_size) == var.min_size
    error_message = "min_size must be a whole number, zero or more."
  }
}

variable "max_size" {
  type        = number
  description = "Most agents in this region."
  default     = 4

  validation {
    condition     = var.max_size >= var.min_size && var.max_size <= 500 && floor(var.max_size) == var.max_size
    error_message = "max_size must be a whole number between min_size and 500."
  }
}

variable "desired_capacity" {
  type        = number
  description = "Agents started at creation; later the CPU target-tracking policy owns the count."
  default     = 2

  validation {
    condition     = var.desired_capacity >= var.min_size && var.desired_capacity <= var.max_size
    error_message = "desired_capacity must lie between min_size and max_size."
  }
}

variable "scale_out_cpu_percent" {
  type        = number
  description = "Average CPU utilisation the autoscaling group keeps the agents at; scale-in drains agents first (see drain_timeout_seconds)."
  default     = 60

  validation {
    condition     = var.scale_out_cpu_percent >= 10 && var.scale_out_cpu_percent <= 90
    error_message = "scale_out_cpu_percent must be between 10 and 90."
  }
}

variable "media_port" {
  type        = number
  description = "UDP port of all WebRTC media from browsers (MERIDIAN_AGENT_MEDIA_PORT); open to client_ipv4_cidrs."
  default     = 10000

  validation {
    condition     = var.media_port >= 1 && var.media_port <= 65535 && floor(var.media_port) == var.media_port
    error_message = "media_port must be a port number from 1 to 65535."
  }
}

variable "relay_port" {
  type        = number
  description = "UDP port of the SRTP relay links between agents of different regions (MERIDIAN_AGENT_RELAY_PORT); open to relay_peer_ipv4_cidrs."
  default     = 10001

  validation {
    condition     = var.relay_port >= 1 && var.relay_port <= 65535 && floor(var.relay_port) == var.relay_port && var.relay_port != var.media_port
    error_message = "relay_port must be a port number from 1 to 65535, different from media_port."
  }
}

variable "signaling_port" {
  type        = number
  description = "TCP port of the TLS signaling WebSocket (MERIDIAN_AGENT_HTTP_PORT); open to client_ipv4_cidrs."
  default     = 443

  validation {
    condition     = var.signaling_port >= 1 && var.signaling_port <= 65535 && floor(var.signaling_port) == var.signaling_port
    error_message = "signaling_port must be a port number from 1 to 65535."
  }
}

variable "client_ipv4_cidrs" {
  type        = list(string)
  description = "IPv4 networks browsers connect from (signaling and media); the whole internet by default."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.client_ipv4_cidrs) > 0 && alltrue([for c in var.client_ipv4_cidrs : can(cidrnetmask(c))])
    error_message = "client_ipv4_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "relay_peer_ipv4_cidrs" {
  type        = list(string)
  description = "IPv4 networks other agents relay from. Agents have changing public addresses, so the default is the internet; relay packets are SRTP-authenticated and unknown ones are dropped."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.relay_peer_ipv4_cidrs) > 0 && alltrue([for c in var.relay_peer_ipv4_cidrs : can(cidrnetmask(c))])
    error_message = "relay_peer_ipv4_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "controller_address" {
  type        = string
  description = "Every controller replica's gRPC agent endpoint (MERIDIAN_CONTROLLER): comma-separated host:port, or a DNS name resolving to all replicas, TLS through the controller's load balancer."

  validation {
    condition     = alltrue([for a in split(",", var.controller_address) : can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$", a))])
    error_message = "controller_address must be host:port[,host:port…], such as c0.meridian.example.com:443,c1.meridian.example.com:443."
  }
}

variable "controller_url" {
  type        = string
  description = "HTTPS base URL of the controller's REST API, which an agent calls to drain itself before scale-in."

  validation {
    condition     = can(regex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$", var.controller_url))
    error_message = "controller_url must be an https:// URL without a path, such as https://meridian.example.com."
  }
}

variable "agent_credential_secret_arn" {
  type        = string
  description = "ARN of the Secrets Manager secret holding this region's agent credential <region>-*.<mac> (MERIDIAN_AGENT_CREDENTIAL), written by the controller; read at boot, never copied into Terraform. Agents never hold the fleet token."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.agent_credential_secret_arn))
    error_message = "agent_credential_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "tls_secret_arn" {
  type        = string
  description = "ARN of a Secrets Manager secret whose value is JSON {\"certificate\": PEM chain, \"private_key\": PEM} for *.<agent_domain>; the agent serves its signaling port with it."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.tls_secret_arn))
    error_message = "tls_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "agent_domain" {
  type        = string
  description = "DNS domain of the agents: each agent registers <region>-<instance id>.<agent_domain> at boot and uses it as MERIDIAN_AGENT_PUBLIC_HOST."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.agent_domain))
    error_message = "agent_domain must be a lower-case DNS name, such as agents.meridian.example.com."
  }
}

variable "agent_dns_zone_id" {
  type        = string
  description = "Route 53 hosted zone in which agents register their own A record (the zone of agent_domain)."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{4,32}$", var.agent_dns_zone_id))
    error_message = "agent_dns_zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "artifact_s3_uri" {
  type        = string
  description = "s3:// URI of the Meridian release tarball (top level holds bin/media-agent); changing it rolls the agents."

  validation {
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\\.tar\\.gz$", var.artifact_s3_uri))
    error_message = "artifact_s3_uri must look like s3://bucket/path/meridian-1.2.3.tar.gz."
  }
}

variable "java_package" {
  type        = string
  description = "Amazon Linux 2023 package that provides Java 25 or later for the agent (it calls sendmmsg through the foreign-function API; bin/lib/java.sh requires 25)."
  default     = "java-25-amazon-corretto-headless"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.+-]+$", var.java_package))
    error_message = "java_package must be a package name."
  }
}

variable "drain_timeout_seconds" {
  type        = number
  description = "How long a terminating agent is kept (draining, taking no new participants) before it is stopped."
  default     = 900

  validation {
    condition     = var.drain_timeout_seconds >= 30 && var.drain_timeout_seconds <= 7200
    error_message = "drain_timeout_seconds must be between 30 and 7200 (the lifecycle hook limit)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the module."
  default     = {}
}
