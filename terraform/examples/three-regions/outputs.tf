output "controller_url" {
  description = "HTTPS URL of the controller: REST API and the demo page at /demo?conference=<id>."
  value       = module.controller.controller_url
}

output "controller_grpc_addresses" {
  description = "host:port of every controller replica; the agents connect to all of them (MERIDIAN_CONTROLLER)."
  value       = module.controller.grpc_addresses
}

output "agent_groups" {
  description = "Autoscaling group of the agents in each region, by region name."
  value = {
    (module.agents_a.region) = module.agents_a.autoscaling_group_name
    (module.agents_b.region) = module.agents_b.autoscaling_group_name
    (module.agents_c.region) = module.agents_c.autoscaling_group_name
  }
}

output "controller_autoscaling_groups" {
  description = "Autoscaling group of each controller replica."
  value       = module.controller.autoscaling_group_names
}

output "secret_arns" {
  description = "ARNs (never values) of the secrets the instances read at boot."
  value = {
    fleet_token       = module.controller.fleet_token_secret_arn
    token_signing_key = module.controller.token_signing_key_secret_arn
    database          = module.controller.db_secret_arn
    operator_token    = module.controller.operator_token_secret_arn
    agent_credentials = module.controller.agent_credential_secret_arns
  }
}

output "dns_health_check_ids" {
  description = "Route 53 health checks guarding the controller's name."
  value       = module.dns.health_check_ids
}
