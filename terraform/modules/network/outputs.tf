output "vpc_id" {
  description = "The created or passed-through VPC."
  value       = local.vpc_id
}

output "public_subnet_ids" {
  description = "Public subnets (route to the internet gateway), one per availability zone."
  value       = local.public_subnet_ids
}

output "private_subnet_ids" {
  description = "Private subnets (outbound through NAT); empty unless private_subnets or existing_network provides them."
  value       = local.private_subnet_ids
}

output "public_subnet_cidrs" {
  description = "IPv4 CIDRs of the public subnets (of an existing network: sorted by subnet id)."
  value       = local.public_subnet_cidrs
}
