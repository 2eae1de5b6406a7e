# A small public network for the agents, unless the operator brings one (existing_network).
# Agents need public addresses: browsers and peer agents send UDP straight to them, no load balancer.

locals {
  create_network = var.existing_network == null
  vpc_id         = local.create_network ? aws_vpc.this[0].id : var.existing_network.vpc_id
  subnet_ids     = local.create_network ? aws_subnet.public[*].id : var.existing_network.subnet_ids
  common_tags    = merge(var.tags, { "meridian:component" = "media-agent", "meridian:region" = var.region })
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "this" {
  count = local.create_network ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.common_tags, { Name = "${var.name_prefix}-agents-${var.region}" })
}

resource "aws_internet_gateway" "this" {
  count = local.create_network ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.common_tags, { Name = "${var.name_prefix}-agents-${var.region}" })
}

resource "aws_subnet" "public" {
  count = local.create_network ? var.availability_zone_count : 0

  vpc_id                  = aws_vpc.this[0].id
  availability_zone       = data.aws_availability_zones.available.names[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  map_public_ip_on_launch = true
  tags                    = merge(local.common_tags, { Name = "${var.name_prefix}-agents-${data.aws_availability_zones.available.names[count.index]}" })
}

resource "aws_route_table" "public" {
  count = local.create_network ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.common_tags, { Name = "${var.name_prefix}-agents-public" })
}

resource "aws_route" "internet" {
  count = local.create_network ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  count = local.create_network ? var.availability_zone_count : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}
