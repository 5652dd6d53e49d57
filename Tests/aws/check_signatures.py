"""wh serve --aws-credentials: every AWS request's SigV4 signature is checked (run by AWSSignatureTests.swift;
argv[1] is the server's URL; the credentials file holds AKIDWH / s3cr3t/key+x). Exits 1 on the first
failure; prints "ok"."""

import json
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url = sys.argv[1]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def clients(key, secret):
    session = boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")
    return (session.client("s3", endpoint_url=url), session.client("kinesis", endpoint_url=url),
            session.client("dynamodb", endpoint_url=url), session.client("s3", endpoint_url=url, config=Config(signature_version="s3v4")))


s3, kinesis, dynamodb, s3v4 = clients("AKIDWH", "s3cr3t/key+x")
s3.put_object(Bucket="kinesis-telemetry-data-bucket", Key="checks/a b.json", Body=b'{"k": 1}')
if s3.get_object(Bucket="kinesis-telemetry-data-bucket", Key="checks/a b.json")["Body"].read() != b'{"k": 1}':
    fail("a signed get")
kinesis.put_record(StreamName="TruckTelemetry", Data=json.dumps({"TRUCK_ID": "SIG1"}), PartitionKey="p")
dynamodb.scan(TableName="ClickStreamData")
for client in (s3, s3v4):   # presigned URLs, Signature Version 2 (boto3's default for S3) and 4
    presigned = client.generate_presigned_url("get_object", Params={"Bucket": "kinesis-telemetry-data-bucket", "Key": "checks/a b.json"})
    if urllib.request.urlopen(presigned).read() != b'{"k": 1}':
        fail("a presigned get: " + presigned)
    try:
        urllib.request.urlopen(presigned.replace("checks/a%20b.json", "checks/other.json"))
        fail("a presigned URL opened another key")
    except urllib.error.HTTPError as error:
        if error.code != 403 or b"SignatureDoesNotMatch" not in error.read():
            fail("a presigned URL for another key answered %d" % error.code)


def expect(code, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] != code:
            fail("expected %s, got %s: %s" % (code, error.response["Error"]["Code"], error.response["Error"].get("Message")))
        return
    fail("expected %s, the call succeeded" % code)


s3, kinesis, dynamodb, _ = clients("AKIDWH", "a wrong secret")
expect("SignatureDoesNotMatch", s3.list_objects_v2, Bucket="kinesis-telemetry-data-bucket")
expect("InvalidSignatureException", kinesis.list_streams)
expect("InvalidSignatureException", dynamodb.scan, TableName="ClickStreamData")
s3, kinesis, dynamodb, _ = clients("NOTAKEY", "s3cr3t/key+x")
expect("InvalidAccessKeyId", s3.put_object, Bucket="kinesis-telemetry-data-bucket", Key="x.json", Body=b"{}")
expect("UnrecognizedClientException", dynamodb.list_tables)

# Unsigned: an AWS JSON request without a signature, and an S3 object fetched without one.
request = urllib.request.Request(url + "/", data=b"{}", method="POST",
                                 headers={"X-Amz-Target": "Kinesis_20131202.ListStreams", "Content-Type": "application/x-amz-json-1.1"})
try:
    urllib.request.urlopen(request)
    fail("an unsigned Kinesis request succeeded")
except urllib.error.HTTPError as error:
    if json.loads(error.read())["__type"] != "MissingAuthenticationTokenException":
        fail("an unsigned Kinesis request")
try:
    urllib.request.urlopen(url + "/kinesis-telemetry-data-bucket/checks/a%20b.json")
    fail("an unsigned S3 get succeeded")
except urllib.error.HTTPError as error:
    if error.code != 404:
        fail("an unsigned S3 get answered %d" % error.code)

# A body that is not the one signed: the signature covers the hash the client sent, and the hash must be the body's.
s3, _, _, _ = clients("AKIDWH", "s3cr3t/key+x")
def tamper(request, **kwargs):
    request.body = b'{"t": 2}'   # after signing: same length, other bytes
s3.meta.events.register_first("before-send.s3.PutObject", tamper)
expect("XAmzContentSHA256Mismatch", s3.put_object, Bucket="kinesis-telemetry-data-bucket", Key="checks/t.json", Body=b'{"t": 1}')
# A stage's CREDENTIALS, run through the server (its SQL API): checked against the same keys.
def statement(sql):
    request = urllib.request.Request(url + "/v1/statements", data=json.dumps({"statement": sql}).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())

ddl = "CREATE OR REPLACE STAGE checked_stage URL = 's3://kinesis-telemetry-data-bucket/telemetry-data/' CREDENTIALS = (AWS_KEY_ID = '%s' AWS_SECRET_KEY = '%s') FILE_FORMAT = (TYPE = 'JSON')"
status, answer = statement(ddl % ("AKIDWH", "s3cr3t/key+x"))
if status != 200 or "not checked" in json.dumps(answer):
    fail("the right CREDENTIALS: %s %s" % (status, answer))
status, answer = statement(ddl % ("AKIDWH", "wrong"))
if status != 422 or "is not valid or its secret does not match" not in answer.get("message", ""):
    fail("wrong CREDENTIALS: %s %s" % (status, answer))
print("ok")
