output "autoscaling_group_name" {
  description = "Name of the agents' autoscaling group in this region."
  value       = aws_autoscaling_group.agent.name
}

output "security_group_id" {
  description = "Security group of the agents (UDP media, UDP relay, TLS signaling)."
  value       = aws_security_group.agent.id
}

output "vpc_id" {
  description = "VPC the agents run in."
  value       = local.vpc_id
}

output "region" {
  description = "Region of these agents, as they announce it to the controller."
  value       = var.region
}

output "ports" {
  description = "Ports the agents listen on: UDP media, UDP relay, TCP TLS signaling."
  value = {
    media_udp     = var.media_port
    relay_udp     = var.relay_port
    signaling_tcp = var.signaling_port
  }
}
