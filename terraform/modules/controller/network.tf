# Public subnets for the load balancer, private subnets (outbound through one NAT gateway) for the
# controller and its database — unless the operator brings a network (existing_network).

locals {
  common_tags        = merge(var.tags, { "meridian:component" = "controller" })
  vpc_id             = module.network.vpc_id
  public_subnet_ids  = module.network.public_subnet_ids
  private_subnet_ids = module.network.private_subnet_ids

  # The load balancer's nodes live in the public subnets: the controller trusts X-Forwarded-For from there only.
  public_subnet_cidrs = module.network.public_subnet_cidrs
}

module "network" {
  source = "../network"

  name                    = "${var.name_prefix}-controller"
  vpc_cidr                = var.vpc_cidr
  availability_zone_count = var.availability_zone_count
  private_subnets         = true
  existing_network        = var.existing_network
  tags                    = local.common_tags
}

# The network's resources moved into module.network: these keep existing deployments' VPCs in place.
moved {
  from = aws_vpc.this
  to   = module.network.aws_vpc.this
}

moved {
  from = aws_internet_gateway.this
  to   = module.network.aws_internet_gateway.this
}

moved {
  from = aws_subnet.public
  to   = module.network.aws_subnet.public
}

moved {
  from = aws_subnet.private
  to   = module.network.aws_subnet.private
}

moved {
  from = aws_eip.nat
  to   = module.network.aws_eip.nat
}

moved {
  from = aws_nat_gateway.this
  to   = module.network.aws_nat_gateway.this
}

moved {
  from = aws_route_table.public
  to   = module.network.aws_route_table.public
}

moved {
  from = aws_route.public_internet
  to   = module.network.aws_route.public_internet
}

moved {
  from = aws_route_table_association.public
  to   = module.network.aws_route_table_association.public
}

moved {
  from = aws_route_table.private
  to   = module.network.aws_route_table.private
}

moved {
  from = aws_route.private_nat
  to   = module.network.aws_route.private_nat
}

moved {
  from = aws_route_table_association.private
  to   = module.network.aws_route_table_association.private
}
