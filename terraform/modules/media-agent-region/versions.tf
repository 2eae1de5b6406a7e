terraform {
  # 1.11 brings write-only arguments and ephemeral resources (1.11.1 fixes write-only passwords), which keep secrets out of state.
  required_version = ">= 1.11.1, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0.0, < 7.0.0"
    }
  }
}
