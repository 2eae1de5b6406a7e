output "fqdn" {
  description = "The controller's public name."
  value       = var.record_name
}

output "health_check_ids" {
  description = "Route 53 health check id of every endpoint, by endpoint name."
  value       = { for name, hc in aws_route53_health_check.endpoint : name => hc.id }
}
