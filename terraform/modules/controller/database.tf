# Managed PostgreSQL for the controller (Flyway owns the schema). Encrypted, private, backed up.

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.name_prefix}-controller-"
  description = "Meridian controller database subnets"
  subnet_ids  = local.private_subnet_ids
  tags        = local.common_tags
}

resource "aws_db_instance" "this" {
  identifier_prefix = "${var.name_prefix}-controller-"
  engine            = "postgres"
  engine_version    = var.db_engine_version
  instance_class    = var.db_instance_class
  port              = var.db_port

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_allocated_storage_gb * 4
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name             = var.db_name
  username            = var.db_username
  password_wo         = ephemeral.aws_secretsmanager_random_password.db_password.random_password
  password_wo_version = var.db_password_version

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = var.db_multi_az

  backup_retention_period    = var.db_backup_retention_days
  copy_tags_to_snapshot      = true
  deletion_protection        = var.deletion_protection
  skip_final_snapshot        = false
  final_snapshot_identifier  = "${var.name_prefix}-controller-final"
  auto_minor_version_upgrade = true
  apply_immediately          = false

  tags = local.common_tags
}
