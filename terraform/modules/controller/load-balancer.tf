# One application load balancer terminates TLS on https_port for both protocols: REST goes to the
# controller's HTTP port; the agents' gRPC stream (HTTP/2, path /meridian.agent.v1.AgentLink/…) goes
# to a gRPC target group on the controller's gRPC port.

locals {
  # gRPC paths are /<proto package>.<service>/<method>; see proto/…/agent_link.proto.
  agent_link_path_pattern = "/meridian.agent.v1.AgentLink/*"
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
  name_prefix          = "mgrpc-"
  port                 = var.grpc_port
  protocol             = "HTTP"
  protocol_version     = "GRPC"
  vpc_id               = local.vpc_id
  target_type          = "instance"
  deregistration_delay = 30

  # Standard gRPC health service; gRPC status 0 (OK) means serving.
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
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    path_pattern {
      values = [local.agent_link_path_pattern]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.grpc.arn
  }

  tags = local.common_tags
}
