# What an agent instance may do: read its two secrets and the release, register its own DNS name,
# report itself unhealthy, finish its termination hook, and be reached through SSM.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  # The group's ARN by name pattern, so that this policy exists before the group launches anything.
  group_arn_pattern = "arn:${data.aws_partition.current.partition}:autoscaling:${var.region}:${data.aws_caller_identity.current.account_id}:autoScalingGroup:*:autoScalingGroupName/${var.name_prefix}-agents-${var.region}-*"
}

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "agent" {
  name_prefix        = "${var.name_prefix}-agent-"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
  tags               = local.common_tags
}

resource "aws_iam_instance_profile" "agent" {
  name_prefix = "${var.name_prefix}-agent-"
  role        = aws_iam_role.agent.name
  tags        = local.common_tags
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.agent.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

data "aws_iam_policy_document" "agent" {
  statement {
    sid       = "ReadBootSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.agent_credential_secret_arn, var.tls_secret_arn]
  }

  statement {
    sid       = "ReadRelease"
    actions   = ["s3:GetObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${trimprefix(var.artifact_s3_uri, "s3://")}"]
  }

  statement {
    sid       = "RegisterOwnName"
    actions   = ["route53:ChangeResourceRecordSets"]
    resources = ["arn:${data.aws_partition.current.partition}:route53:::hostedzone/${var.agent_dns_zone_id}"]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      values   = ["*.${var.agent_domain}"]
    }
  }

  statement {
    sid       = "FindOwnGroup"
    actions   = ["autoscaling:DescribeAutoScalingInstances"]
    resources = ["*"]
  }

  statement {
    sid = "ReportHealthAndFinishDrain"
    actions = [
      "autoscaling:SetInstanceHealth",
      "autoscaling:CompleteLifecycleAction",
      "autoscaling:RecordLifecycleActionHeartbeat",
    ]
    resources = [local.group_arn_pattern]
  }
}

resource "aws_iam_role_policy" "agent" {
  name_prefix = "${var.name_prefix}-agent-"
  role        = aws_iam_role.agent.id
  policy      = data.aws_iam_policy_document.agent.json
}
