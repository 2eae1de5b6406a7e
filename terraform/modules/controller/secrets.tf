# The fleet token, the operator token, the join-token signing key and the database password are generated
# during apply by ephemeral resources and written with write-only arguments: they reach Secrets Manager (and
# the database) but never the plan, the state or an output. Instances read them at boot. Each agent region's
# credential secret is created empty: the controllers derive its value from the fleet key at start.

ephemeral "aws_secretsmanager_random_password" "fleet_token" {
  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "fleet_token" {
  name_prefix             = "${var.name_prefix}/fleet-token-"
  description             = "Meridian fleet token (MERIDIAN_FLEET_TOKEN): agents authenticate their gRPC stream with it"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}

resource "aws_secretsmanager_secret_version" "fleet_token" {
  secret_id                = aws_secretsmanager_secret.fleet_token.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.fleet_token.random_password
  secret_string_wo_version = var.fleet_token_version
}

ephemeral "tls_private_key" "token_signing" {
  algorithm = "ED25519"
}

resource "aws_secretsmanager_secret" "token_signing_key" {
  name_prefix             = "${var.name_prefix}/token-signing-key-"
  description             = "Meridian join-token signing key (MERIDIAN_TOKEN_SIGNING_KEY), an Ed25519 private key in PKCS#8 PEM"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}

resource "aws_secretsmanager_secret_version" "token_signing_key" {
  secret_id                = aws_secretsmanager_secret.token_signing_key.id
  secret_string_wo         = ephemeral.tls_private_key.token_signing.private_key_pem
  secret_string_wo_version = var.token_signing_key_version
}

# RDS rejects '/', '@', '"' and spaces in passwords; letters and digits only is simplest.
ephemeral "aws_secretsmanager_random_password" "db_password" {
  password_length     = 40
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "db" {
  name_prefix             = "${var.name_prefix}/controller-db-"
  description             = "Meridian controller database credentials, JSON {username, password}"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string_wo = jsonencode({
    username = var.db_username
    password = ephemeral.aws_secretsmanager_random_password.db_password.random_password
  })
  secret_string_wo_version = var.db_password_version
}

ephemeral "aws_secretsmanager_random_password" "operator_token" {
  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "operator_token" {
  name_prefix             = "${var.name_prefix}/operator-token-"
  description             = "Meridian operator token (MERIDIAN_OPERATOR_TOKEN): fleet listing, drain, application management"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}

resource "aws_secretsmanager_secret_version" "operator_token" {
  secret_id                = aws_secretsmanager_secret.operator_token.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.operator_token.random_password
  secret_string_wo_version = var.operator_token_version
}

# Value "<region>-*.<mac>" (MERIDIAN_AGENT_CREDENTIAL of every agent in the region), written by controller-prestart.
resource "aws_secretsmanager_secret" "agent_credential" {
  for_each                = toset(var.agent_regions)
  name_prefix             = "${var.name_prefix}/agent-credential-${each.key}-"
  description             = "Meridian agent credential for agent ids ${each.key}-* (MERIDIAN_AGENT_CREDENTIAL), derived from the fleet token by the controller"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}
