# Three layers, each reachable only from the one in front of it:
# internet → load balancer (https_port) → controller (http_port, grpc_port) → database (db_port).
# One rule per port, not a for_each map: terraform-check matches each rule's port variable against the documented ports.

resource "aws_security_group" "lb" {
  name_prefix = "${var.name_prefix}-controller-lb-"
  description = "Meridian controller load balancer: HTTPS and gRPC over TLS"
  vpc_id      = local.vpc_id
  tags        = merge(local.common_tags, { Name = "${var.name_prefix}-controller-lb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "controller" {
  name_prefix = "${var.name_prefix}-controller-"
  description = "Meridian controller instances: REST and gRPC from the load balancer only"
  vpc_id      = local.vpc_id
  tags        = merge(local.common_tags, { Name = "${var.name_prefix}-controller" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name_prefix}-controller-db-"
  description = "Meridian controller database: PostgreSQL from the controller only"
  vpc_id      = local.vpc_id
  tags        = merge(local.common_tags, { Name = "${var.name_prefix}-controller-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "lb_https" {
  for_each = toset(var.client_ipv4_cidrs)

  security_group_id = aws_security_group.lb.id
  description       = "REST clients and agents' gRPC over TLS"
  ip_protocol       = "tcp"
  from_port         = var.https_port
  to_port           = var.https_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "lb_to_http" {
  security_group_id            = aws_security_group.lb.id
  description                  = "Forward REST to the controller"
  ip_protocol                  = "tcp"
  from_port                    = var.http_port
  to_port                      = var.http_port
  referenced_security_group_id = aws_security_group.controller.id
}

resource "aws_vpc_security_group_egress_rule" "lb_to_grpc" {
  security_group_id            = aws_security_group.lb.id
  description                  = "Forward gRPC to the controller"
  ip_protocol                  = "tcp"
  from_port                    = var.grpc_port
  to_port                      = var.grpc_port
  referenced_security_group_id = aws_security_group.controller.id
}

resource "aws_vpc_security_group_ingress_rule" "controller_http" {
  security_group_id            = aws_security_group.controller.id
  description                  = "REST and health checks from the load balancer (MERIDIAN_HTTP_PORT)"
  ip_protocol                  = "tcp"
  from_port                    = var.http_port
  to_port                      = var.http_port
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_ingress_rule" "controller_grpc" {
  security_group_id            = aws_security_group.controller.id
  description                  = "Agents' gRPC and health checks from the load balancer (MERIDIAN_GRPC_PORT)"
  ip_protocol                  = "tcp"
  from_port                    = var.grpc_port
  to_port                      = var.grpc_port
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_egress_rule" "controller_all" {
  security_group_id = aws_security_group.controller.id
  description       = "Database, Secrets Manager, S3 and package repositories"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "db_postgres" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the controller"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = aws_security_group.controller.id
}
