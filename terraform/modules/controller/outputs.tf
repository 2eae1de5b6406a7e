output "controller_url" {
  description = "HTTPS base URL of the controller's REST API (and demo page)."
  value       = var.https_port == 443 ? "https://${var.domain_name}" : "https://${var.domain_name}:${var.https_port}"
}

output "grpc_addresses" {
  description = "host:port of every replica, comma-joined into the agents' MERIDIAN_CONTROLLER: gRPC over TLS through the load balancer, one name per replica."
  value       = [for name in local.replica_domain_names : "${name}:${var.https_port}"]
}

output "replica_domain_names" {
  description = "Public name of each replica (c<N>.<domain_name>), to point at the load balancer like domain_name."
  value       = local.replica_domain_names
}

output "agent_credential_secret_arns" {
  description = "ARN (not the value) of each agent region's credential secret, by region; the controller writes it, the region's agents read it."
  value       = { for r, s in aws_secretsmanager_secret.agent_credential : r => s.arn }
}

output "operator_token_secret_arn" {
  description = "ARN (not the value) of the operator token secret (GET /v1/agents, drain, application management)."
  value       = aws_secretsmanager_secret.operator_token.arn
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

output "autoscaling_group_names" {
  description = "Name of each replica's autoscaling group."
  value       = [for id in local.replica_ids : aws_autoscaling_group.controller[id].name]
}
