# What a controller instance may do: read its four secrets, write the agent regions' credentials, the release and the GeoIP database, and be
# reached through SSM Session Manager (no SSH).

data "aws_partition" "current" {}

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "controller" {
  name_prefix        = "${var.name_prefix}-controller-"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
  tags               = local.common_tags
}

resource "aws_iam_instance_profile" "controller" {
  name_prefix = "${var.name_prefix}-controller-"
  role        = aws_iam_role.controller.name
  tags        = local.common_tags
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.controller.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

data "aws_iam_policy_document" "controller" {
  statement {
    sid     = "ReadBootSecrets"
    actions = ["secretsmanager:GetSecretValue"]
    resources = [
      aws_secretsmanager_secret.fleet_token.arn,
      aws_secretsmanager_secret.token_signing_key.arn,
      aws_secretsmanager_secret.db.arn,
      aws_secretsmanager_secret.operator_token.arn,
    ]
  }

  statement {
    sid       = "WriteAgentCredentials"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
    resources = [for s in aws_secretsmanager_secret.agent_credential : s.arn]
  }

  statement {
    sid     = "ReadReleaseAndGeoIp"
    actions = ["s3:GetObject"]
    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::${trimprefix(var.artifact_s3_uri, "s3://")}",
      "arn:${data.aws_partition.current.partition}:s3:::${trimprefix(var.geoip_s3_uri, "s3://")}",
    ]
  }
}

resource "aws_iam_role_policy" "controller" {
  name_prefix = "${var.name_prefix}-controller-"
  role        = aws_iam_role.controller.id
  policy      = data.aws_iam_policy_document.controller.json
}
