output "controller_url" {
  description = "HTTPS base URL of the controller's REST API (and demo page)."
  value       = var.https_port == 443 ? "https://${var.domain_name}" : "https://${var.domain_name}:${var.https_port}"
}

output "grpc_address" {
  description = "host:port agents connect to (MERIDIAN_CONTROLLER): gRPC over TLS through the load balancer."
  value       = "${var.domain_name}:${var.https_port}"
}

output "lb_dns_name" {
  description = "DNS name of the load balancer, the target of the dns module's records."
  value       = aws_lb.this.dns_name
}

output "lb_zone_id" {
  description = "Route 53 zone id of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "fleet_token_secret_arn" {
  description = "ARN (not the value) of the fleet token secret; agents read it at boot."
  value       = aws_secretsmanager_secret.fleet_token.arn
}

output "token_signing_key_secret_arn" {
  description = "ARN (not the value) of the join-token signing key secret."
  value       = aws_secretsmanager_secret.token_signing_key.arn
}

output "db_secret_arn" {
  description = "ARN (not the value) of the database credentials secret."
  value       = aws_secretsmanager_secret.db.arn
}

output "db_endpoint" {
  description = "host:port of the PostgreSQL database (private)."
  value       = aws_db_instance.this.endpoint
}

output "autoscaling_group_name" {
  description = "Name of the controller's autoscaling group."
  value       = aws_autoscaling_group.controller.name
}
