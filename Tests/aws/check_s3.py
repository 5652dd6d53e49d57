"""boto3's S3 client against wh serve (run by AWSS3Tests.swift with AWS_ENDPOINT_URL pointing at a server
on the seed's warehouse, dummy keys and a region): the seed's TruckDataProcessor Lambda, as the write-up
prints it, fed the write-up's example Kinesis event and two more readings, then every S3 operation wh
answers, with paging and errors.

Usage: check_s3.py DOWNLOAD_DIR. Exits 1 on the first failure; prints "ok"."""

import base64
import json
import os
import sys
from datetime import datetime

import boto3
from botocore.exceptions import ClientError


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# ---- The seed's TruckDataProcessor, its pieces as the write-up prints them ----
s3_client = boto3.client('s3')
S3_BUCKET_NAME = 'kinesis-telemetry-data-bucket'
S3_FOLDER_NAME = 'telemetry-data/'

def lambda_handler(event, context):
    try:
        # Check if 'Records' key exists in the event
        if 'Records' not in event:
            raise KeyError("'Records' key not found in the event. Ensure the event is from a Kinesis stream.")

        print(f"Number of records received: {len(event['Records'])}")

        for record in event['Records']:
            # Kinesis data is base64 encoded, so decode it
            payload = base64.b64decode(record['kinesis']['data'])
            telemetry_data = json.loads(payload)

            # Log the decoded data for debugging
            print(f"Decoded telemetry data: {telemetry_data}")

            file_name = f"{S3_FOLDER_NAME}{datetime.now().strftime('%Y-%m-%d-%H-%M-%S-%f')}.json"

            s3_client.put_object(
                Bucket=S3_BUCKET_NAME,
                Key=file_name,
                Body=json.dumps(telemetry_data))

            print(f"Successfully stored telemetry data in S3: {file_name}")

    except KeyError as e:
        print(f"KeyError: {str(e)}")
        return {
            'statusCode': 400,
            'body': json.dumps(f"Error: {str(e)}")
        }
    except Exception as e:
        print(f"Unexpected error: {str(e)}")
        return {
            'statusCode': 500,
            'body': json.dumps(f"Error: {str(e)}")
        }

    return {
        'statusCode': 200,
        'body': json.dumps('Telemetry data stored in S3 successfully!')
    }


# The write-up's example event (TRK001 at 2025-03-17T15:35:54.597252), then two later readings of TRK001.
example = "eyJ0cnVja19pZCI6ICJUUkswMDEiLCJnYW1lX2xvY2F0aW9uIjogeyJsYXRpdHVkZSI6IDM0LjA1MjMsImxvbmdpdHVkZSI6IC0xMTguMjU2N30sInZlaGljbGVfc3BlZWQiOiA2NS4wLCJlbmdpbmVfZGlhZ25vc3RpY3MiOiB7ImVuZ2luZV9ycG0iOiAyNTAwLCJmdWVsX2xldmVsIjogNzguNSwiZW5naW5lX3RlbXBlcmF0dXJlIjogMTg5LjN9LCJvZG9tZXRlcl9yZWFkaW5nIjogODAwMDAuMCwiZnVlbF9jb25zdW1wdGlvbiI6IDEwLjAsInZlaGljbGVfaGVhbHRoX2FuZF9tYWludGVuYW5jZSI6IHsiYnJha2Vfc3RhdHVzIjogIkdvb2QiLCJ0aXJlX3ByZXNzdXJlIjogeyJmcm9udF9sZWZ0IjogMzIuMCwiZnJvbnRfcmlnaHQiOiAzMi4wLCJyZWFyX2xlZnQiOiAzNS4wLCJyZWFyX3JpZ2h0IjogMzUuMH0sInRyYW5zbWlzc2lvbl9zdGF0dXMiOiAiT3BlcmF0aW9uYWwifSwiZW52aXJvbm1lbnRhbF9jb25kaXRpb25zIjogeyJ0ZW1wZXJhdHVyZSI6IDIyLjAsImh1bWlkaXR5IjogNTQuMCwiYXRtb3NwaGVyaWNfcHJlc3N1cmUiOiAxMDEzLjI1fSwidGltZXN0YW1wIjogIjIwMjUtMDMtMTdUMTU6MzU6NTQuNTk3MjUyIn0="
later = [dict(json.loads(base64.b64decode(example)), timestamp=t, odometer_reading=80000.0 + n, vehicle_speed=60.0 + n)
         for n, t in enumerate(["2025-03-17T15:36:54.597252", "2025-03-17T15:37:54.597252"], start=1)]
event = {"Records": [{"kinesis": {"data": example}}] + [{"kinesis": {"data": base64.b64encode(json.dumps(r).encode()).decode()}} for r in later]}
result = lambda_handler(event, None)
if result["statusCode"] != 200:
    fail("the Lambda answered %s" % result)
stored = s3_client.list_objects_v2(Bucket=S3_BUCKET_NAME, Prefix=S3_FOLDER_NAME)
if stored["KeyCount"] != 3:
    fail("the bucket lists %s" % stored.get("Contents"))
if lambda_handler({}, None)["statusCode"] != 400:
    fail("the Lambda's KeyError path")

# ---- Every operation, in a bucket of its own ----
s3 = boto3.client("s3")
s3.create_bucket(Bucket="scratch")
if "scratch" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    fail("list_buckets gave %s" % s3.list_buckets()["Buckets"])
s3.head_bucket(Bucket="scratch")
body = b"".join(b"line %d\n" % n for n in range(1000))
put = s3.put_object(Bucket="scratch", Key="a/b/c.txt", Body=body)
import hashlib
if put["ETag"].strip('"') != hashlib.md5(body).hexdigest():
    fail("ETag %s is not the MD5" % put["ETag"])
got = s3.get_object(Bucket="scratch", Key="a/b/c.txt")
if got["Body"].read() != body or got["ContentLength"] != len(body) or got["ETag"] != put["ETag"]:
    fail("get_object gave other bytes or headers: %s" % {k: got[k] for k in ("ContentLength", "ETag")})
part = s3.get_object(Bucket="scratch", Key="a/b/c.txt", Range="bytes=7-13")
if part["Body"].read() != body[7:14] or part["ContentRange"] != "bytes 7-13/%d" % len(body):
    fail("a ranged get gave %s" % part["ContentRange"])
head = s3.head_object(Bucket="scratch", Key="a/b/c.txt")
if head["ContentLength"] != len(body):
    fail("head_object gave %s" % head)
for key in ["a/x.txt", "a/y.txt", "b.txt", "unicode é ü/ä.txt", "with space+plus%.txt"]:
    s3.put_object(Bucket="scratch", Key=key, Body=key.encode())
if s3.get_object(Bucket="scratch", Key="with space+plus%.txt")["Body"].read() != b"with space+plus%.txt":
    fail("a key with space, plus and percent")

# Listing: order, paging with continuation tokens, the paginator, delimiters.
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="scratch")["Contents"]]
if keys != sorted(keys, key=lambda k: k.encode()) or len(keys) != 6:
    fail("list_objects_v2 gave %s" % keys)
pages = [[o["Key"] for o in p.get("Contents", [])] for p in s3.get_paginator("list_objects_v2").paginate(Bucket="scratch", PaginationConfig={"PageSize": 2})]
if [k for p in pages for k in p] != keys or len(pages) != 3:
    fail("paging gave %s" % pages)
top = s3.list_objects_v2(Bucket="scratch", Delimiter="/")
if [p["Prefix"] for p in top.get("CommonPrefixes", [])] != ["a/", "unicode é ü/"] or [o["Key"] for o in top["Contents"]] != ["b.txt", "with space+plus%.txt"]:
    fail("a delimiter gave %s / %s" % (top.get("CommonPrefixes"), top.get("Contents")))
under = s3.list_objects_v2(Bucket="scratch", Prefix="a/", Delimiter="/")
if [p["Prefix"] for p in under["CommonPrefixes"]] != ["a/b/"] or [o["Key"] for o in under["Contents"]] != ["a/x.txt", "a/y.txt"]:
    fail("prefix and delimiter gave %s" % under)
v1 = s3.list_objects(Bucket="scratch", MaxKeys=4)
if len(v1["Contents"]) != 4 or not v1["IsTruncated"]:
    fail("list_objects (v1) gave %s" % v1)

# Regression (s3_keys_compared_as_characters): keys are bytes, as S3 has them. Swift's String equates
# "\u00e9" and "e\u0301" (two keys) and matched no prefix ending before a combining mark; Foundation's
# directory walk gave a segment starting with one as a whole path, so it was never listed.
s3.create_bucket(Bucket="marks")
for key in ["\u00e9.txt", "e\u0301.txt", "d/\u0301x.txt", "e\u0301/y.txt", "\u00e9/z.txt"]:
    s3.put_object(Bucket="marks", Key=key, Body=key.encode())
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="marks")["Contents"]]
if keys != sorted(keys, key=lambda k: k.encode()) or len(keys) != 5:
    fail("keys that differ only as bytes were listed as %r" % keys)
paged = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket="marks", PaginationConfig={"PageSize": 1}) for o in p.get("Contents", [])]
if paged != keys:
    fail("paging one key at a time gave %r" % paged)
under = [o["Key"] for o in s3.list_objects_v2(Bucket="marks", Prefix="e")["Contents"]]
if under != ["e\u0301.txt", "e\u0301/y.txt"]:
    fail("the prefix 'e' gave %r" % under)
top = s3.list_objects_v2(Bucket="marks", Delimiter="/")
if [p["Prefix"] for p in top["CommonPrefixes"]] != ["d/", "e\u0301/", "\u00e9/"] or [o["Key"] for o in top["Contents"]] != ["e\u0301.txt", "\u00e9.txt"]:
    fail("a delimiter over keys that differ only as bytes gave %r / %r" % (top["CommonPrefixes"], top["Contents"]))
if s3.get_object(Bucket="marks", Key="e\u0301.txt")["Body"].read() != "e\u0301.txt".encode():
    fail("get_object of a decomposed key")
try:
    s3.put_object(Bucket="marks", Key="d/.\u0301hidden.json", Body=b"{}")
    fail("a key whose segment starts with a '.' byte (a file stages skip) was taken")
except ClientError as error:
    if error.response["Error"]["Code"] != "InvalidArgument":
        fail("a hidden segment gave %s" % error.response["Error"])

# The transfer manager: upload_file (multipart above 8 MB: 20 MB go in 3 parts) and download_file (ranged gets).
download_dir = sys.argv[1]
source = os.path.join(download_dir, "up.bin")
with open(source, "wb") as f:
    f.write(os.urandom(20 * 1024 * 1024))
s3.upload_file(source, "scratch", "files/up.bin")
s3.download_file("scratch", "files/up.bin", os.path.join(download_dir, "down.bin"))
if open(source, "rb").read() != open(os.path.join(download_dir, "down.bin"), "rb").read():
    fail("download_file gave other bytes than upload_file sent")
if s3.head_object(Bucket="scratch", Key="files/up.bin")["ContentLength"] != 20 * 1024 * 1024:
    fail("the multipart object's size")
# A multipart upload by hand: parts, a wrong ETag, an abort.
upload = s3.create_multipart_upload(Bucket="scratch", Key="files/parts.txt")["UploadId"]
one = s3.upload_part(Bucket="scratch", Key="files/parts.txt", UploadId=upload, PartNumber=1, Body=b"first,")
two = s3.upload_part(Bucket="scratch", Key="files/parts.txt", UploadId=upload, PartNumber=2, Body=b"second")
try:
    s3.complete_multipart_upload(Bucket="scratch", Key="files/parts.txt", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": two["ETag"]}, {"PartNumber": 2, "ETag": two["ETag"]}]})
    fail("a completion naming the wrong ETag succeeded")
except ClientError as error:
    if error.response["Error"]["Code"] != "InvalidPart":
        fail("a wrong ETag gave %s" % error.response["Error"])
done = s3.complete_multipart_upload(Bucket="scratch", Key="files/parts.txt", UploadId=upload,
                                    MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": one["ETag"]}, {"PartNumber": 2, "ETag": two["ETag"]}]})
if not done["ETag"].endswith('-2"') or s3.get_object(Bucket="scratch", Key="files/parts.txt")["Body"].read() != b"first,second":
    fail("the completed upload: %s" % done)
aborted = s3.create_multipart_upload(Bucket="scratch", Key="files/never.txt")["UploadId"]
s3.upload_part(Bucket="scratch", Key="files/never.txt", UploadId=aborted, PartNumber=1, Body=b"x")
s3.abort_multipart_upload(Bucket="scratch", Key="files/never.txt", UploadId=aborted)
if any(o["Key"].startswith("files/never") or ".uploads" in o["Key"] for o in s3.list_objects_v2(Bucket="scratch")["Contents"]):
    fail("an aborted upload or the uploads folder is listed")
# DeleteObjects.
s3.put_object(Bucket="scratch", Key="bulk/1.txt", Body=b"1")
s3.put_object(Bucket="scratch", Key="bulk/2.txt", Body=b"2")
deleted = s3.delete_objects(Bucket="scratch", Delete={"Objects": [{"Key": "bulk/1.txt"}, {"Key": "bulk/2.txt"}, {"Key": "bulk/none.txt"}]})
if sorted(d["Key"] for d in deleted["Deleted"]) != ["bulk/1.txt", "bulk/2.txt", "bulk/none.txt"]:
    fail("delete_objects gave %s" % deleted)
for key in ("files/parts.txt", "files/up.bin"):
    s3.delete_object(Bucket="scratch", Key=key)

# Delete: an object, a missing one (succeeds, as in S3), the bucket once empty.
s3.delete_object(Bucket="scratch", Key="b.txt")
s3.delete_object(Bucket="scratch", Key="never-there")

def expect_error(code, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] != code:
            fail("expected %s, got %s: %s" % (code, error.response["Error"]["Code"], error.response["Error"].get("Message")))
        return error.response["Error"].get("Message", "")
    fail("expected %s, the call succeeded" % code)

expect_error("NoSuchKey", s3.get_object, Bucket="scratch", Key="b.txt")
expect_error("404", s3.head_object, Bucket="scratch", Key="b.txt")
expect_error("NoSuchBucket", s3.put_object, Bucket="no-such-bucket", Key="k", Body=b"x")
expect_error("NoSuchBucket", s3.list_objects_v2, Bucket="no-such-bucket")
message = expect_error("InvalidArgument", s3.put_object, Bucket="scratch", Key="a/.hidden", Body=b"x")
if "hidden" not in message:
    fail("the hidden key's error does not say why: %s" % message)
expect_error("InvalidArgument", s3.put_object, Bucket="scratch", Key="a/../../escape", Body=b"x")
expect_error("InvalidArgument", s3.put_object, Bucket="scratch", Key="a/still-writing.tmp", Body=b"x")
expect_error("NotImplemented", s3.copy_object, Bucket="scratch", Key="a/copy.txt", CopySource={"Bucket": "scratch", "Key": "a/x.txt"})
expect_error("BucketNotEmpty", s3.delete_bucket, Bucket="scratch")
expect_error("BadDigest", s3.put_object, Bucket="scratch", Key="d.txt", Body=b"abc", ContentMD5=base64.b64encode(hashlib.md5(b"xyz").digest()).decode())
expect_error("InvalidRange", s3.get_object, Bucket="scratch", Key="a/x.txt", Range="bytes=999-")
print("ok")
