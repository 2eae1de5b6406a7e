# The agents: an autoscaling group of Amazon Linux 2023 instances booted by cloud-init, each running
# bin/media-agent as a systemd service, replaced when unhealthy and drained before termination.

locals {
  lifecycle_hook_name = "drain"
}

data "aws_region" "current" {}

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.architecture}"
}

resource "aws_launch_template" "agent" {
  name_prefix   = "${var.name_prefix}-agent-"
  description   = "Meridian media agent in ${var.region}"
  image_id      = coalesce(var.ami_id, data.aws_ssm_parameter.al2023.insecure_value)
  instance_type = var.instance_type

  user_data = base64encode(templatefile("${path.module}/templates/cloud-init.yaml.tftpl", {
    region                      = var.region
    controller_address          = var.controller_address
    controller_url              = var.controller_url
    signaling_port              = var.signaling_port
    media_port                  = var.media_port
    relay_port                  = var.relay_port
    agent_credential_secret_arn = var.agent_credential_secret_arn
    tls_secret_arn              = var.tls_secret_arn
    agent_domain                = var.agent_domain
    agent_dns_zone_id           = var.agent_dns_zone_id
    artifact_s3_uri             = var.artifact_s3_uri
    java_package                = var.java_package
    lifecycle_hook_name         = local.lifecycle_hook_name
  }))

  iam_instance_profile {
    arn = aws_iam_instance_profile.agent.arn
  }

  network_interfaces {
    associate_public_ip_address = true
    delete_on_termination       = true
    security_groups             = [aws_security_group.agent.id]
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
    tags          = merge(local.common_tags, { Name = "${var.name_prefix}-agent-${var.region}" })
  }

  tags = local.common_tags
}

resource "aws_autoscaling_group" "agent" {
  name_prefix               = "${var.name_prefix}-agents-${var.region}-"
  min_size                  = var.min_size
  max_size                  = var.max_size
  desired_capacity          = var.desired_capacity
  vpc_zone_identifier       = local.subnet_ids
  health_check_type         = "EC2"
  health_check_grace_period = 300
  default_instance_warmup   = 120

  launch_template {
    id      = aws_launch_template.agent.id
    version = aws_launch_template.agent.latest_version
  }

  # Every terminating agent first drains (agent-lifecycle in cloud-init), up to drain_timeout_seconds.
  initial_lifecycle_hook {
    name                 = local.lifecycle_hook_name
    lifecycle_transition = "autoscaling:EC2_INSTANCE_TERMINATING"
    default_result       = "CONTINUE"
    heartbeat_timeout    = var.drain_timeout_seconds
  }

  # A new release or image replaces agents a few at a time; each old one drains through the hook.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 90
      max_healthy_percentage = 120
    }
  }

  dynamic "tag" {
    for_each = merge(local.common_tags, { Name = "${var.name_prefix}-agent-${var.region}" })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  # Instances read their secrets and release at first boot: the permissions must exist before them.
  depends_on = [aws_iam_role_policy.agent, aws_iam_role_policy_attachment.ssm]

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [desired_capacity]

    precondition {
      condition     = data.aws_region.current.region == var.region
      error_message = "The aws provider passed to this module points at another region than var.region; check the provider alias."
    }
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "${var.name_prefix}-agents-cpu"
  autoscaling_group_name = aws_autoscaling_group.agent.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = var.scale_out_cpu_percent
  }
}
