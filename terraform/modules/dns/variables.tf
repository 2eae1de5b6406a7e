variable "zone_id" {
  type        = string
  description = "Route 53 hosted zone that holds record_name."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{4,32}$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "record_name" {
  type        = string
  description = "Public name of the controller, such as meridian.example.com (clients' REST and agents' gRPC)."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.record_name))
    error_message = "record_name must be a lower-case DNS name."
  }
}

variable "routing_policy" {
  type        = string
  description = "How Route 53 picks among endpoints: latency (the lowest-latency healthy region) or geolocation (by the client's continent)."
  default     = "latency"

  validation {
    condition     = contains(["latency", "geolocation"], var.routing_policy)
    error_message = "routing_policy must be latency or geolocation."
  }
}

variable "endpoints" {
  type = map(object({
    region      = string
    lb_dns_name = string
    lb_zone_id  = string
    continents  = optional(list(string), [])
  }))
  description = "Controller load balancers by name: their region, DNS name and zone id (for alias records), and for geolocation routing the continents (AF, AN, AS, EU, NA, OC, SA) each one serves."

  validation {
    condition     = length(var.endpoints) > 0 && alltrue([for e in values(var.endpoints) : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", e.region))])
    error_message = "endpoints must be non-empty and every region an AWS region name."
  }

  validation {
    condition     = alltrue(flatten([for e in values(var.endpoints) : [for c in e.continents : contains(["AF", "AN", "AS", "EU", "NA", "OC", "SA"], c)]]))
    error_message = "continents must be Route 53 continent codes: AF, AN, AS, EU, NA, OC, SA."
  }
}

variable "default_endpoint" {
  type        = string
  description = "Endpoint (a key of endpoints) answering clients whose location matches no continent, with geolocation routing."
  default     = null

  validation {
    condition     = var.default_endpoint == null ? var.routing_policy != "geolocation" : contains(keys(var.endpoints), var.default_endpoint)
    error_message = "default_endpoint must be a key of endpoints; geolocation routing needs one, for clients no continent matches."
  }
}

variable "health_check_path" {
  type        = string
  description = "Path Route 53 probes on every endpoint over HTTPS; the controller's readiness check."
  default     = "/q/health/ready"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with '/'."
  }
}

variable "health_check_port" {
  type        = number
  description = "HTTPS port Route 53 probes on every endpoint (the controller's https_port)."
  default     = 443

  validation {
    condition     = var.health_check_port >= 1 && var.health_check_port <= 65535 && floor(var.health_check_port) == var.health_check_port
    error_message = "health_check_port must be a port number from 1 to 65535."
  }
}

variable "health_check_failure_threshold" {
  type        = number
  description = "Consecutive failed probes before Route 53 stops answering with an endpoint."
  default     = 3

  validation {
    condition     = var.health_check_failure_threshold >= 1 && var.health_check_failure_threshold <= 10
    error_message = "health_check_failure_threshold must be between 1 and 10."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every health check."
  default     = {}
}
