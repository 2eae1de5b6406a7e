# A small public network for the agents, unless the operator brings one (existing_network).
# Agents need public addresses: browsers and peer agents send UDP straight to them, no load balancer.

locals {
  vpc_id      = module.network.vpc_id
  subnet_ids  = module.network.public_subnet_ids
  common_tags = merge(var.tags, { "meridian:component" = "media-agent", "meridian:region" = var.region })
}

module "network" {
  source = "../network"

  name                    = "${var.name_prefix}-agents-${var.region}"
  vpc_cidr                = var.vpc_cidr
  availability_zone_count = var.availability_zone_count
  map_public_ip_on_launch = true
  existing_network        = var.existing_network == null ? null : { vpc_id = var.existing_network.vpc_id, public_subnet_ids = var.existing_network.subnet_ids, private_subnet_ids = [] }
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
  from = aws_route_table.public
  to   = module.network.aws_route_table.public
}

moved {
  from = aws_route.internet
  to   = module.network.aws_route.public_internet
}

moved {
  from = aws_route_table_association.public
  to   = module.network.aws_route_table_association.public
}
