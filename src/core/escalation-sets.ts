// Sets of actions that, allowed together on any resource, let a principal raise its own privileges:
// Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and Mitigation" (Spencer Gietzen,
// https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/). The first action of a
// set is the one that enables the method; the built-in simulate.deny list is made of them
// (src/core/privilege-escalation.ts).

export interface EscalationSet {
  name: string;
  actions: readonly string[];
  /**
   * For a method that passes a role to a service: the service principals the role goes to. A statement whose
   * iam:PassedToService condition allows none of them does not complete the method.
   */
  passedTo?: readonly string[];
}

export const PRIVILEGE_ESCALATION_SETS: readonly EscalationSet[] = [
  { name: 'create a new default version of a managed policy', actions: ['iam:CreatePolicyVersion'] },
  { name: 'switch a managed policy to another version', actions: ['iam:SetDefaultPolicyVersion'] },
  { name: 'create access keys for another user', actions: ['iam:CreateAccessKey'] },
  { name: 'set a console password for another user', actions: ['iam:CreateLoginProfile'] },
  { name: "change another user's console password", actions: ['iam:UpdateLoginProfile'] },
  { name: 'attach a managed policy to a user', actions: ['iam:AttachUserPolicy'] },
  { name: 'attach a managed policy to a group', actions: ['iam:AttachGroupPolicy'] },
  { name: 'attach a managed policy to a role', actions: ['iam:AttachRolePolicy'] },
  { name: 'write an inline policy of a user', actions: ['iam:PutUserPolicy'] },
  { name: 'write an inline policy of a group', actions: ['iam:PutGroupPolicy'] },
  { name: 'write an inline policy of a role', actions: ['iam:PutRolePolicy'] },
  { name: 'add a user to any group', actions: ['iam:AddUserToGroup'] },
  {
    name: 'rewrite a role trust policy and assume the role',
    actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
  },
  {
    name: 'pass a role to a new EC2 instance',
    actions: ['iam:PassRole', 'ec2:RunInstances'],
    passedTo: ['ec2.amazonaws.com'],
  },
  {
    name: 'pass a role to a new Lambda function and invoke it',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    passedTo: ['lambda.amazonaws.com'],
  },
  { name: "replace a Lambda function's code", actions: ['lambda:UpdateFunctionCode'] },
  {
    name: 'pass a role to a CloudFormation stack',
    actions: ['iam:PassRole', 'cloudformation:CreateStack'],
    passedTo: ['cloudformation.amazonaws.com'],
  },
  {
    name: 'pass a role to a Glue development endpoint',
    actions: ['iam:PassRole', 'glue:CreateDevEndpoint'],
    passedTo: ['glue.amazonaws.com'],
  },
  { name: 'update the SSH key of a Glue development endpoint', actions: ['glue:UpdateDevEndpoint'] },
  {
    name: 'pass a role to a Data Pipeline',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
    // The pipeline role goes to Data Pipeline, its resource role to the EC2 instances it launches.
    passedTo: ['datapipeline.amazonaws.com', 'ec2.amazonaws.com'],
  },
];
