# Each module declares its own typed, described, validated inputs: Terraform modules cannot share variable blocks.

variable "name" {
  type        = string
  description = "Name tag of the VPC, internet gateway and NAT gateway, and the start of every subnet's and route table's Name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,60}$", var.name))
    error_message = "name must be 2-61 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC created when existing_network is null; public subnet i is its /+4 block i, private subnet i block i + 8."

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be an IPv4 CIDR block of size /24 or larger."
  }
}

variable "availability_zone_count" {
  type        = number
  description = "Availability zones of the created VPC: one public (and, with private_subnets, one private) subnet in each."

  validation {
    condition     = var.availability_zone_count >= 1 && var.availability_zone_count <= 6 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "availability_zone_count must be a whole number from 1 to 6."
  }
}

variable "private_subnets" {
  type        = bool
  description = "Also create private subnets whose outbound traffic leaves through one NAT gateway in the first public subnet."
  default     = false
}

variable "map_public_ip_on_launch" {
  type        = bool
  description = "Give instances launched in the created public subnets a public IPv4 address."
  default     = false
}

variable "existing_network" {
  type = object({
    vpc_id             = string
    public_subnet_ids  = list(string)
    private_subnet_ids = list(string)
  })
  description = "An existing VPC to pass through instead of creating one; private_subnet_ids may be empty when the caller needs none."
  default     = null

  validation {
    condition = var.existing_network == null || (
      can(regex("^vpc-[0-9a-f]+$", var.existing_network.vpc_id)) &&
      length(var.existing_network.public_subnet_ids) > 0 &&
      alltrue([for s in concat(var.existing_network.public_subnet_ids, var.existing_network.private_subnet_ids) : can(regex("^subnet-[0-9a-f]+$", s))])
    )
    error_message = "existing_network needs a vpc-… id, at least one public subnet-… id, and only subnet-… ids."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the module."
  default     = {}
}
