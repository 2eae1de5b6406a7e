# The controller's public name, answered per client by latency or geolocation among the controller
# load balancers, each guarded by a Route 53 HTTPS health check on the controller's readiness.

locals {
  latency_endpoints = var.routing_policy == "latency" ? var.endpoints : {}

  geolocation_records = var.routing_policy == "geolocation" ? merge([
    for name, e in var.endpoints : {
      for c in e.continents : "${name}-${c}" => { endpoint = name, continent = c }
    }
  ]...) : {}

  geolocation_default = var.routing_policy == "geolocation" && var.default_endpoint != null ? { default = var.default_endpoint } : {}
}

resource "aws_route53_health_check" "endpoint" {
  for_each = var.endpoints

  type              = "HTTPS"
  fqdn              = each.value.lb_dns_name
  port              = var.health_check_port
  resource_path     = var.health_check_path
  request_interval  = 10
  failure_threshold = var.health_check_failure_threshold
  measure_latency   = true
  enable_sni        = true
  tags              = merge(var.tags, { Name = "${var.record_name}-${each.key}" })
}

resource "aws_route53_record" "latency" {
  for_each = local.latency_endpoints

  zone_id         = var.zone_id
  name            = var.record_name
  type            = "A"
  set_identifier  = each.key
  health_check_id = aws_route53_health_check.endpoint[each.key].id

  latency_routing_policy {
    region = each.value.region
  }

  alias {
    name                   = each.value.lb_dns_name
    zone_id                = each.value.lb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "geolocation" {
  for_each = local.geolocation_records

  zone_id         = var.zone_id
  name            = var.record_name
  type            = "A"
  set_identifier  = each.key
  health_check_id = aws_route53_health_check.endpoint[each.value.endpoint].id

  geolocation_routing_policy {
    continent = each.value.continent
  }

  alias {
    name                   = var.endpoints[each.value.endpoint].lb_dns_name
    zone_id                = var.endpoints[each.value.endpoint].lb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "geolocation_default" {
  for_each = local.geolocation_default

  zone_id         = var.zone_id
  name            = var.record_name
  type            = "A"
  set_identifier  = "default"
  health_check_id = aws_route53_health_check.endpoint[each.value].id

  geolocation_routing_policy {
    country = "*"
  }

  alias {
    name                   = var.endpoints[each.value].lb_dns_name
    zone_id                = var.endpoints[each.value].lb_zone_id
    evaluate_target_health = true
  }
}
