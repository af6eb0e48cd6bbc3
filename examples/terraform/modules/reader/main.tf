# Read access to one bucket for one role.
variable "role_name" {
  type = string
}

variable "bucket_name" {
  type = string
}

# `s3:ListBuckets` is not an S3 action (S3 has s3:ListBucket and s3:ListAllMyBuckets): the gate
# reports it on the `resource` line below, in the pull request's diff.
resource "aws_iam_role_policy" "read_reports" {
  name = "read-reports"
  role = var.role_name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadReports"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBuckets"]
        Resource = ["arn:aws:s3:::${var.bucket_name}", "arn:aws:s3:::${var.bucket_name}/*"]
      }
    ]
  })
}
