# One application load balancer terminates TLS on https_port for both protocols: REST goes to the
# controllers' HTTP port; the agents' gRPC stream (HTTP/2, path /meridian.agent.v1.AgentLink/…) to
# replica N's name (c<N>.<domain_name>) goes to replica N's gRPC target group, so an agent holds one
# stream to every replica (MERIDIAN_CONTROLLER lists them all).

locals {
  # gRPC paths are /<proto package>.<service>/<method>; see proto/…/agent_link.proto.
  agent_link_path_pattern = "/meridian.agent.v1.AgentLink/*"

  # One name per replica; certificate_arn must cover them (e.g. *.<domain_name>).
  replica_domain_names = [for id in local.replica_ids : "c${id}.${var.domain_name}"]
}

resource "aws_lb" "this" {
  name                       = "${var.name_prefix}-controller"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.lb.id]
  subnets                    = local.public_subnet_ids
  idle_timeout               = 120
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  tags                       = local.common_tags
}

resource "aws_lb_target_group" "http" {
  name_prefix          = "mrest-"
  port                 = var.http_port
  protocol             = "HTTP"
  vpc_id               = local.vpc_id
  target_type          = "instance"
  deregistration_delay = 30

  # Ready only with the database and the GeoIP database loaded.
  health_check {
    path                = "/q/health/ready"
    port                = "traffic-port"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = local.common_tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_target_group" "grpc" {
  for_each             = toset(local.replica_ids)
  name_prefix          = "mgr${each.key}-"
  port                 = var.grpc_port
  protocol             = "HTTP"
  protocol_version     = "GRPC"
  vpc_id               = local.vpc_id
  target_type          = "instance"
  deregistration_delay = 30

  # The standard gRPC health service (grpc.health.v1.Health/Check, empty service name = the whole server),
  # which the controller answers without credentials; gRPC status 0 (OK) means serving. Any other path would
  # reach AgentLink's authentication and fail with UNAUTHENTICATED (16).
  health_check {
    path                = "/grpc.health.v1.Health/Check"
    port                = "traffic-port"
    matcher             = "0"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = local.common_tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.https_port
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.http.arn
  }

  tags = local.common_tags
}

resource "aws_lb_listener_rule" "agent_link" {
  for_each     = toset(local.replica_ids)
  listener_arn = aws_lb_listener.https.arn
  priority     = 10 + tonumber(each.key)

  condition {
    host_header {
      values = [local.replica_domain_names[tonumber(each.key)]]
    }
  }

  condition {
    path_pattern {
      values = [local.agent_link_path_pattern]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.grpc[each.key].arn
  }

  tags = local.common_tags
}
