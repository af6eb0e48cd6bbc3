# A small configuration for iam-policy-gate: a Lambda role with a trust policy, a bucket with a policy,
# and a local module that gives the role read access. `plan.json` beside this file is its
# `terraform show -json` output; the workflow in iam-policy-gate-terraform.yml produces it in CI.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "bucket_name" {
  type    = string
  default = "example-iam-policy-gate-reports"
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reports" {
  name               = "reports-reader"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_s3_bucket" "reports" {
  bucket = var.bucket_name
}

# Built from names known at plan time, so the gate can validate it before apply. A policy that
# references `aws_s3_bucket.reports.arn` would only be known at apply: the gate reports it as
# UNKNOWN_AT_PLAN instead of validating it.
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::${var.bucket_name}", "arn:aws:s3:::${var.bucket_name}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

module "reader" {
  source      = "./modules/reader"
  role_name   = aws_iam_role.reports.name
  bucket_name = var.bucket_name
}
