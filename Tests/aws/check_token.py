"""boto3 against a wh serve started with --token-file: the access key id must be the token.
Usage: check_token.py TOKEN (reads AWS_ENDPOINT_URL). Prints "ok"."""
import json
import sys

import boto3
from botocore.exceptions import ClientError

token = sys.argv[1]
good = boto3.client("kinesis", aws_access_key_id=token, aws_secret_access_key="anything")
if not good.put_record(StreamName="TruckTelemetry", Data=json.dumps({"TRUCK_ID": "TRK201"}), PartitionKey="k")["SequenceNumber"]:
    print("FAIL: the token's key was refused")
    sys.exit(1)
bad = boto3.client("kinesis", aws_access_key_id="not-the-token", aws_secret_access_key="anything")
try:
    bad.put_record(StreamName="TruckTelemetry", Data=json.dumps({"TRUCK_ID": "TRK202"}), PartitionKey="k")
    print("FAIL: another key was accepted")
    sys.exit(1)
except ClientError as error:
    if error.response["ResponseMetadata"]["HTTPStatusCode"] != 401:
        print("FAIL: answered %s" % error.response)
        sys.exit(1)
print("ok")
