# The agents' only openings from the internet: UDP media, UDP relay, TCP TLS signaling.
# Operators reach instances through SSM Session Manager, so there is no SSH rule.
# One rule per port, not a for_each map: terraform-check matches each rule's port variable against the documented ports.

resource "aws_security_group" "agent" {
  name_prefix = "${var.name_prefix}-agent-"
  description = "Meridian media agents: UDP media and relay, TLS signaling"
  vpc_id      = local.vpc_id
  tags        = merge(local.common_tags, { Name = "${var.name_prefix}-agent" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "media" {
  for_each = toset(var.client_ipv4_cidrs)

  security_group_id = aws_security_group.agent.id
  description       = "WebRTC media from browsers (MERIDIAN_AGENT_MEDIA_PORT)"
  ip_protocol       = "udp"
  from_port         = var.media_port
  to_port           = var.media_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "signaling" {
  for_each = toset(var.client_ipv4_cidrs)

  security_group_id = aws_security_group.agent.id
  description       = "TLS signaling WebSocket from browsers (MERIDIAN_AGENT_HTTP_PORT)"
  ip_protocol       = "tcp"
  from_port         = var.signaling_port
  to_port           = var.signaling_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "relay" {
  for_each = toset(var.relay_peer_ipv4_cidrs)

  security_group_id = aws_security_group.agent.id
  description       = "SRTP relay from agents in other regions (MERIDIAN_AGENT_RELAY_PORT)"
  ip_protocol       = "udp"
  from_port         = var.relay_port
  to_port           = var.relay_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.agent.id
  description       = "Media to browsers, relays to peer agents, the controller, AWS APIs"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
