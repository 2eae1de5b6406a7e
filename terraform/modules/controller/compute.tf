# Controller replicas: one autoscaling group of one instance per replica in the private subnets, each
# registered in the shared REST target group and in its own gRPC target group (agents hold a stream to every
# replica through its own name, see load-balancer.tf), replaced when the load balancer's health checks fail.

locals {
  replica_ids = [for i in range(var.instance_count) : tostring(i)]
}

data "aws_region" "current" {}

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.architecture}"
}

resource "aws_launch_template" "controller" {
  name_prefix   = "${var.name_prefix}-controller-"
  description   = "Meridian controller"
  image_id      = coalesce(var.ami_id, data.aws_ssm_parameter.al2023.insecure_value)
  instance_type = var.instance_type

  user_data = base64encode(templatefile("${path.module}/templates/cloud-init.yaml.tftpl", {
    region                       = var.region
    http_port                    = var.http_port
    grpc_port                    = var.grpc_port
    db_url                       = "jdbc:postgresql://${aws_db_instance.this.address}:${var.db_port}/${var.db_name}"
    geoip_path                   = var.geoip_path
    geoip_s3_uri                 = var.geoip_s3_uri
    trusted_proxies              = join(",", local.public_subnet_cidrs)
    agent_credential_secrets     = join(" ", [for r in var.agent_regions : "${r}-=${aws_secretsmanager_secret.agent_credential[r].arn}"])
    artifact_s3_uri              = var.artifact_s3_uri
    java_package                 = var.java_package
    db_secret_arn                = aws_secretsmanager_secret.db.arn
    fleet_token_secret_arn       = aws_secretsmanager_secret.fleet_token.arn
    token_signing_key_secret_arn = aws_secretsmanager_secret.token_signing_key.arn
    operator_token_secret_arn    = aws_secretsmanager_secret.operator_token.arn
    fleet_token_version          = var.fleet_token_version
    token_signing_key_version    = var.token_signing_key_version
    db_password_version          = var.db_password_version
    operator_token_version       = var.operator_token_version
  }))

  vpc_security_group_ids = [aws_security_group.controller.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.controller.arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.common_tags, { Name = "${var.name_prefix}-controller" })
  }

  tags = local.common_tags
}

resource "aws_autoscaling_group" "controller" {
  for_each                  = toset(local.replica_ids)
  name_prefix               = "${var.name_prefix}-controller-${each.key}-"
  min_size                  = 1
  max_size                  = 1
  desired_capacity          = 1
  vpc_zone_identifier       = local.private_subnet_ids
  target_group_arns         = [aws_lb_target_group.http.arn, aws_lb_target_group.grpc[each.key].arn]
  health_check_type         = "ELB"
  health_check_grace_period = 300

  launch_template {
    id      = aws_launch_template.controller.id
    version = aws_launch_template.controller.latest_version
  }

  # Start the new instance before stopping the old one; the replica's agents reconnect to it by its name.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = 200
    }
  }

  dynamic "tag" {
    for_each = merge(local.common_tags, { Name = "${var.name_prefix}-controller-${each.key}" })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = data.aws_region.current.region == var.region
      error_message = "The aws provider passed to this module points at another region than var.region; check the provider alias."
    }
  }

  # Instances read their secrets and release at first boot: values and permissions must exist before them.
  depends_on = [
    aws_iam_role_policy.controller,
    aws_iam_role_policy_attachment.ssm,
    aws_secretsmanager_secret_version.fleet_token,
    aws_secretsmanager_secret_version.token_signing_key,
    aws_secretsmanager_secret_version.db,
    aws_secretsmanager_secret_version.operator_token,
  ]
}
