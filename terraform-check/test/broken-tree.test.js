'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { checkCopy, assertProblem } = require('../test-support/tree-copies');

const AGENT = 'modules/media-agent-region';
const CONTROLLER = 'modules/controller';
const EXAMPLE = 'examples/three-regions';

test('a variable used without a variable block fails, naming the file that uses it', async () => {
  const result = await checkCopy((c) => c.removeBlock(`${AGENT}/variables.tf`, 'variable "relay_port" {'));
  const p = assertProblem(result, {
    file: `terraform/${AGENT}/security.tf`,
    message: /var\.relay_port is used but module modules\/media-agent-region declares no variable "relay_port"/,
    check: 'variables',
  });
  assert.ok(p.line > 0, 'the finding carries the line of the reference');
  assertProblem(result, { file: `terraform/${EXAMPLE}/main.tf`, message: /module "agents_a" passes "relay_port" but modules\/media-agent-region has no variable "relay_port"/ });
});

test('a variable block without a description or type fails', async () => {
  const result = await checkCopy((c) => {
    c.replace(`${AGENT}/variables.tf`,
      '  description = "Most agents in this region."\n', '');
    c.replace(`${AGENT}/variables.tf`,
      'variable "min_size" {\n  type        = number\n', 'variable "min_size" {\n');
  });
  assertProblem(result, { file: `terraform/${AGENT}/variables.tf`, message: /variable "max_size" has no description/ });
  assertProblem(result, { file: `terraform/${AGENT}/variables.tf`, message: /variable "min_size" has no type/ });
});

test('a port, CIDR or region variable without validation fails', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/variables.tf`, `  validation {
    condition     = length(var.client_ipv4_cidrs) > 0 && alltrue([for c in var.client_ipv4_cidrs : can(cidrnetmask(c))])
    error_message = "client_ipv4_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
`, ''));
  assertProblem(result, { file: `terraform/${CONTROLLER}/variables.tf`, message: /variable "client_ipv4_cidrs" holds a CIDR but has no validation block/ });
});

test('an example tfvars setting an unknown variable or leaving out a required one fails', async () => {
  const result = await checkCopy((c) => c.replace(`${EXAMPLE}/terraform.tfvars.example`, 'dns_zone_id  ', 'dns_zone     '));
  assertProblem(result, { file: `terraform/${EXAMPLE}/terraform.tfvars.example`, message: /sets "dns_zone", which is not a variable of examples\/three-regions/ });
  assertProblem(result, { file: `terraform/${EXAMPLE}/terraform.tfvars.example`, message: /does not show "dns_zone_id", which examples\/three-regions requires/ });
});

test('an output without a description fails', async () => {
  const result = await checkCopy((c) => c.replace('modules/dns/outputs.tf', '  description = "The controller\'s public name."\n', ''));
  assertProblem(result, { file: 'terraform/modules/dns/outputs.tf', message: /output "fqdn" has no description/ });
});

test('an unresolved local fails, naming the file and the missing name', async () => {
  const result = await checkCopy((c) => c.replace(`${AGENT}/compute.tf`,
    'lifecycle_hook_name         = local.lifecycle_hook_name', 'lifecycle_hook_name         = local.hook_name'));
  assertProblem(result, {
    file: `terraform/${AGENT}/compute.tf`,
    message: /local\.hook_name is used but no locals block in module modules\/media-agent-region defines "hook_name"/,
    check: 'references',
  });
});

test('a reference to an undeclared resource or module output fails', async () => {
  const result = await checkCopy((c) => {
    c.replace(`${CONTROLLER}/load-balancer.tf`, 'target_group_arn = aws_lb_target_group.grpc[each.key].arn', 'target_group_arn = aws_lb_target_group.grpcs[each.key].arn');
    c.replace(`${EXAMPLE}/main.tf`, 'lb_zone_id  = module.controller.lb_zone_id', 'lb_zone_id  = module.controller.lb_zone');
  });
  assertProblem(result, { file: `terraform/${CONTROLLER}/load-balancer.tf`, message: /aws_lb_target_group\.grpcs is used but module modules\/controller declares no resource/ });
  assertProblem(result, { file: `terraform/${EXAMPLE}/main.tf`, message: /module\.controller\.lb_zone is used but modules\/controller has no output "lb_zone"/ });
});

test('a module source that does not exist fails', async () => {
  const result = await checkCopy((c) => c.replace(`${EXAMPLE}/main.tf`, 'source    = "../../modules/dns"', 'source    = "../../modules/route53"'));
  assertProblem(result, { file: `terraform/${EXAMPLE}/main.tf`, message: /module "dns" source "\.\.\/\.\.\/modules\/route53" does not exist/, check: 'modules' });
});

test('a remote module source without a version fails', async () => {
  const result = await checkCopy((c) => c.replace(`${EXAMPLE}/main.tf`, 'source    = "../../modules/dns"', 'source    = "example-org/meridian-dns/aws"'));
  assertProblem(result, { file: `terraform/${EXAMPLE}/main.tf`, message: /module "dns" source "example-org\/meridian-dns\/aws" is not pinned/ });
});

test('a module without required_version fails', async () => {
  const result = await checkCopy((c) => c.replace('modules/dns/versions.tf', '  required_version = ">= 1.11.1, < 2.0.0"\n', ''));
  assertProblem(result, { file: 'terraform/modules/dns/versions.tf', message: /module modules\/dns does not pin required_version/ });
});

test('a module call missing a required variable fails', async () => {
  const result = await checkCopy((c) => c.replace(`${EXAMPLE}/main.tf`, '  agent_dns_zone_id           = var.dns_zone_id\n  artifact_s3_uri             = var.artifact_s3_uri\n}\n\nmodule "agents_b"',
    '  artifact_s3_uri             = var.artifact_s3_uri\n}\n\nmodule "agents_b"'));
  assertProblem(result, { file: `terraform/${EXAMPLE}/main.tf`, message: /module "agents_a" does not pass "agent_dns_zone_id", which modules\/media-agent-region requires/ });
});

test('a provider without an upper version bound fails', async () => {
  const result = await checkCopy((c) => c.replace(`modules/dns/versions.tf`, 'version = ">= 6.0.0, < 7.0.0"', 'version = ">= 6.0.0"'));
  assertProblem(result, {
    file: 'terraform/modules/dns/versions.tf',
    message: /required provider "aws" version ">= 6\.0\.0" has no upper bound/,
    check: 'providers',
  });
});

test('a provider without any version constraint fails', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/versions.tf`, '      version = ">= 4.1.0, < 5.0.0"\n', ''));
  assertProblem(result, { file: `terraform/${CONTROLLER}/versions.tf`, message: /required provider "tls" has no version constraint/ });
});

test('a resource whose provider is not in required_providers fails', async () => {
  const result = await checkCopy((c) => c.append('modules/dns/main.tf', '\nresource "random_id" "suffix" {\n  byte_length = 4\n}\n'));
  assertProblem(result, { file: 'terraform/modules/dns/main.tf', message: /resource "random_id" "suffix" needs provider "random", which module modules\/dns does not list/ });
});

test('a provider block inside a called module fails', async () => {
  const result = await checkCopy((c) => c.append('modules/dns/main.tf', '\nprovider "aws" {\n  region = "us-east-1"\n}\n'));
  assertProblem(result, { file: 'terraform/modules/dns/main.tf', message: /modules\/dns is called by another module and must not configure provider "aws"/ });
});

test('an undeclared provider alias fails', async () => {
  const result = await checkCopy((c) => c.replace(`${EXAMPLE}/main.tf`, 'providers = { aws = aws.region_c }', 'providers = { aws = aws.region_d }'));
  assertProblem(result, { file: `terraform/${EXAMPLE}/main.tf`, message: /provider "aws\.region_d" is used but not declared/ });
});

test('port 22 opened to 0.0.0.0/0 on the agents fails, naming file, line and the documented ports', async () => {
  const result = await checkCopy((c) => c.append(`${AGENT}/security.tf`, `
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.agent.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}
`));
  const p = assertProblem(result, {
    file: `terraform/${AGENT}/security.tf`,
    message: /aws_vpc_security_group_ingress_rule\.ssh opens tcp port 22 from 0\.0\.0\.0\/0, which is not a documented port of modules\/media-agent-region \(documented: udp var\.media_port/,
    check: 'security-groups',
  });
  const lines = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'terraform', AGENT, 'security.tf'), 'utf8').split('\n').length;
  assert.ok(p.line > lines - 2, `the finding points at the added rule (line ${p.line})`);
});

test('an inline ingress block or a security_group_rule opening an undocumented port fails', async () => {
  const result = await checkCopy((c) => {
    c.replace(`${AGENT}/security.tf`, '  tags        = merge(local.common_tags, { Name = "${var.name_prefix}-agent" })\n',
      '  tags        = merge(local.common_tags, { Name = "${var.name_prefix}-agent" })\n\n  ingress {\n    protocol    = "tcp"\n    from_port   = 22\n    to_port     = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n');
    c.append(`${CONTROLLER}/security.tf`, `
resource "aws_security_group_rule" "everything" {
  type              = "ingress"
  security_group_id = aws_security_group.controller.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
}
`);
  });
  assertProblem(result, { file: `terraform/${AGENT}/security.tf`, message: /aws_security_group\.agent opens tcp port 22 from 0\.0\.0\.0\/0/ });
  assertProblem(result, { file: `terraform/${CONTROLLER}/security.tf`, message: /aws_security_group_rule\.everything opens all port 0 from 0\.0\.0\.0\/0/ });
});

test('the database port opened to a network instead of the controller group fails', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/security.tf`,
    '  from_port                    = var.db_port\n  to_port                      = var.db_port\n  referenced_security_group_id = aws_security_group.controller.id',
    '  from_port                    = var.db_port\n  to_port                      = var.db_port\n  cidr_ipv4                    = "10.0.0.0/8"'));
  assertProblem(result, { file: `terraform/${CONTROLLER}/security.tf`, message: /opens tcp port var\.db_port from 10\.0\.0\.0\/8, but var\.db_port may only be reached from another security group/ });
});

test('a literal database password fails, naming the file and attribute', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/database.tf`,
    'password_wo         = ephemeral.aws_secretsmanager_random_password.db_password.random_password',
    'password            = "correct-horse-battery-staple"'));
  assertProblem(result, {
    file: `terraform/${CONTROLLER}/database.tf`,
    message: /aws_db_instance\.this: "password" is set to a literal/,
    check: 'secrets',
  });
});

test('a literal secret inside jsonencode fails', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/secrets.tf`,
    'password = ephemeral.aws_secretsmanager_random_password.db_password.random_password',
    'password = "hunter2hunter2"'));
  assertProblem(result, { file: `terraform/${CONTROLLER}/secrets.tf`, message: /field password = "hunter2hunter2" is a literal secret/ });
});

test('a secret variable with a default, or not sensitive, fails', async () => {
  const result = await checkCopy((c) => c.append(`${AGENT}/variables.tf`, `
variable "fleet_token" {
  type        = string
  description = "Fleet token."
  default     = "letmein"
}
`));
  assertProblem(result, { file: `terraform/${AGENT}/variables.tf`, message: /variable "fleet_token" looks like a secret and has a default value/ });
  assertProblem(result, { file: `terraform/${AGENT}/variables.tf`, message: /variable "fleet_token" looks like a secret and is not marked sensitive/ });
});

test('an output exposing a secret fails unless sensitive, and an ephemeral one always fails', async () => {
  const result = await checkCopy((c) => c.append(`${CONTROLLER}/outputs.tf`, `
output "db_password" {
  description = "Leaks the password."
  value       = ephemeral.aws_secretsmanager_random_password.db_password.random_password
}

output "signing_key_pem" {
  description = "Leaks the key."
  value       = ephemeral.tls_private_key.token_signing.private_key_pem
  sensitive   = true
}
`));
  assertProblem(result, { file: `terraform/${CONTROLLER}/outputs.tf`, message: /output "db_password" .* is not marked sensitive = true/ });
  assertProblem(result, { file: `terraform/${CONTROLLER}/outputs.tf`, message: /output "signing_key_pem" reads an ephemeral value/ });
});

test('a private key pasted into any file of the tree fails', async () => {
  const result = await checkCopy((c) => c.append(`${EXAMPLE}/terraform.tfvars.example`,
    '# -----BEGIN PRIVATE KEY-----\n'));
  assertProblem(result, { file: `terraform/${EXAMPLE}/terraform.tfvars.example`, message: /holds a private key block/ });
});

test('a template interpolating a name templatefile() does not pass fails', async () => {
  const result = await checkCopy((c) => c.replace(`${AGENT}/templates/cloud-init.yaml.tftpl`,
    'public_host="$agent_id.$AGENT_DOMAIN"', 'public_host="${agent_id}.$AGENT_DOMAIN"'));
  assertProblem(result, {
    file: `terraform/${AGENT}/templates/cloud-init.yaml.tftpl`,
    message: /template uses \$\{agent_id\} but templatefile\(\) in terraform\/modules\/media-agent-region\/compute\.tf passes no "agent_id"/,
  });
});

test('a missing template file fails', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/compute.tf`, 'templates/cloud-init.yaml.tftpl', 'templates/missing.tftpl'));
  assertProblem(result, { file: `terraform/${CONTROLLER}/compute.tf`, message: /templatefile\(\) reads terraform\/modules\/controller\/templates\/missing\.tftpl, which does not exist/ });
});

test('an HCL syntax error fails with the file and line from the parser', async () => {
  const result = await checkCopy((c) => c.append('modules/dns/outputs.tf', '\noutput "broken" {\n  value = \n}\n'));
  assertProblem(result, { file: 'terraform/modules/dns/outputs.tf', message: /HCL syntax error: .*outputs\.tf:\d+/, check: 'syntax' });
});

test('a gRPC target group probing anything but the unauthenticated health service fails', async () => {
  const result = await checkCopy((c) => c.replace(`${CONTROLLER}/load-balancer.tf`, 'path                = "/grpc.health.v1.Health/Check"', 'path                = "/meridian.agent.v1.AgentLink/Connect"'));
  assertProblem(result, { file: `terraform/${CONTROLLER}/load-balancer.tf`, message: /aws_lb_target_group\.grpc health check path "\/meridian\.agent\.v1\.AgentLink\/Connect" is not the unauthenticated gRPC health service/, check: 'health-checks' });
});
