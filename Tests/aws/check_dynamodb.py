"""boto3's DynamoDB client and resource against wh serve's DynamoDB door (run by AWSDynamoDBTests.swift
with AWS_ENDPOINT_URL pointing at a server on the seed's warehouse, dummy keys and a region): the seed's
click Lambda (its handler, verbatim, fed a Kinesis-shaped event) and its Streamlit app's scan, then every
operation wh answers, with errors and paging.

Usage: check_dynamodb.py. Exits 1 on the first failure; prints "ok"."""

import base64
import json
import logging
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# ---- The seed's KinesisToDynamoDBProcessor, as the write-up prints it ----
logger = logging.getLogger()
logger.setLevel(logging.INFO)

dynamodb = boto3.resource('dynamodb')
table = dynamodb.Table('ClickStreamData')  # Ensure this matches your table name

def lambda_handler(event, context):
    logger.info(f"Received event: {event}")

    for record in event['Records']:
        try:
            # Decode the base64-encoded Kinesis data
            payload = base64.b64decode(record['kinesis']['data']).decode('utf-8')
            data = json.loads(payload)
            logger.info(f"Processing record: {data}")

            # Validate the presence of required fields
            required_fields = ['Item_ID', 'Timestamp', 'Item_Name', 'Click_Counts']
            missing_fields = [field for field in required_fields if field not in data]
            if missing_fields:
                logger.error(f"Record is missing required fields: {missing_fields}. Data: {data}")
                continue  # Skip this record

            # Prepare the item for DynamoDB
            item = {
                'Timestamp': data['Timestamp'],  # Partition Key
                'Item_ID': data['Item_ID'],      # Sort Key
                'Item_Name': data['Item_Name'],
                'Click_Counts': data['Click_Counts']
            }
            logger.info(f"Prepared item for DynamoDB: {item}")

            # Insert data into DynamoDB
            table.put_item(Item=item)
            logger.info(f"Successfully inserted item: {item}")
        except Exception as e:
            logger.error(f"Error processing record: {e}")

    return {
        'statusCode': 200,
        'body': 'Processed {} records.'.format(len(event['Records']))
    }


clicks = [{"Item_ID": "MOB001", "Timestamp": "2025-03-17T10:00:00.000001", "Item_Name": "Mobile Phone", "Click_Counts": 120},
          {"Item_ID": "LAP002", "Timestamp": "2025-03-17T10:00:01", "Item_Name": "Laptop", "Click_Counts": 80},
          {"Item_ID": "CAM003", "Item_Name": "Camera"}]   # missing fields: the handler logs and skips it
event = {"Records": [{"kinesis": {"data": base64.b64encode(json.dumps(c).encode()).decode()}} for c in clicks]}
result = lambda_handler(event, None)
if result != {"statusCode": 200, "body": "Processed 3 records."}:
    fail("the Lambda answered %s" % result)

# ---- The seed's Streamlit app's read ----
clickstream_table = dynamodb.Table('ClickStreamData')  # Replace with your DynamoDB table name

def fetch_clickstream_data():
    response = clickstream_table.scan()
    return response['Items']

items = fetch_clickstream_data()
by_item = {i["Item_ID"]: i for i in items}
if set(by_item) != {"MOB001", "LAP002"}:
    fail("scan gave %s" % items)
if by_item["MOB001"]["Click_Counts"] != Decimal(120) or by_item["MOB001"]["Item_Name"] != "Mobile Phone":
    fail("the item read back differs: %s" % by_item["MOB001"])
if by_item["MOB001"]["Timestamp"] != "2025-03-17 10:00:00.000001":
    fail("Timestamp (an EVENT_TIMESTAMP column) reads back as %r" % by_item["MOB001"]["Timestamp"])

# ---- Every operation, on a table boto3 creates ----
client = boto3.client("dynamodb")
made = dynamodb.create_table(TableName="Orders", KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"},
                                                            {"AttributeName": "order_no", "KeyType": "RANGE"}],
                             AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                                                   {"AttributeName": "order_no", "AttributeType": "N"}],
                             BillingMode="PAY_PER_REQUEST")
made.wait_until_exists()
if "Orders" not in client.list_tables()["TableNames"] or "ClickStreamData" not in client.list_tables()["TableNames"]:
    fail("list_tables gave %s" % client.list_tables())
try:
    client.create_table(TableName="Orders", KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    fail("creating Orders twice succeeded")
except client.exceptions.ResourceInUseException:
    pass

orders = dynamodb.Table("Orders")
typed = {"customer": "ann", "order_no": 1, "total": Decimal("12.50"), "paid": True, "note": None, "lines": ["a", Decimal(2)],
         "address": {"city": "Lyon", "zip": "69001"}, "tags": {"x", "y"}, "sizes": {Decimal(1), Decimal("2.5")},
         "blob": b"\x00\x01\xff", "empty": "", "odd": {"SS": ["kept as a map"]}}
orders.put_item(Item=typed)
back = orders.get_item(Key={"customer": "ann", "order_no": 1})["Item"]
expected = dict(typed, total=Decimal("12.5"))
if back != expected:
    fail("typed values do not round-trip:\n%s\n%s" % (back, expected))

# Conditions on put and delete; ReturnValues.
try:
    orders.put_item(Item={"customer": "ann", "order_no": 1}, ConditionExpression="attribute_not_exists(customer)")
    fail("a put with attribute_not_exists on an existing item succeeded")
except client.exceptions.ConditionalCheckFailedException:
    pass
old = orders.put_item(Item={"customer": "ann", "order_no": 2, "total": 5}, ReturnValues="ALL_OLD")
if "Attributes" in old:
    fail("ALL_OLD of a new item gave %s" % old)
with orders.batch_writer() as batch:
    for n in range(3, 13):
        batch.put_item(Item={"customer": "bob" if n % 2 else "ann", "order_no": n, "total": n * 10})

# UpdateItem: SET with arithmetic and if_not_exists, REMOVE, ADD to a number and a set, DELETE from a set.
updated = orders.update_item(Key={"customer": "ann", "order_no": 1},
                             UpdateExpression="SET total = total + :d, #s = if_not_exists(#s, :new) REMOVE note ADD visits :one, tags :t DELETE sizes :s",
                             ExpressionAttributeNames={"#s": "status"},
                             ExpressionAttributeValues={":d": Decimal("0.25"), ":new": "open", ":one": 1, ":t": {"z"}, ":s": {Decimal(1)}},
                             ReturnValues="ALL_NEW")["Attributes"]
if updated["total"] != Decimal("12.75") or updated["status"] != "open" or "note" in updated or updated["visits"] != 1 \
        or updated["tags"] != {"x", "y", "z"} or updated["sizes"] != {Decimal("2.5")}:
    fail("update_item gave %s" % updated)
try:
    orders.update_item(Key={"customer": "ann", "order_no": 1}, UpdateExpression="SET paid = :f",
                       ConditionExpression="total > :big", ExpressionAttributeValues={":f": False, ":big": 100})
    fail("a failed condition updated")
except client.exceptions.ConditionalCheckFailedException:
    pass

# Query: key conditions, order, filters, paging with Limit and ExclusiveStartKey.
ann = orders.query(KeyConditionExpression=Key("customer").eq("ann"))["Items"]
if [i["order_no"] for i in ann] != [1, 2, 4, 6, 8, 10, 12]:
    fail("query gave %s" % [i["order_no"] for i in ann])
between = orders.query(KeyConditionExpression=Key("customer").eq("ann") & Key("order_no").between(4, 8), ScanIndexForward=False)["Items"]
if [i["order_no"] for i in between] != [8, 6, 4]:
    fail("query between, descending, gave %s" % [i["order_no"] for i in between])
filtered = orders.query(KeyConditionExpression=Key("customer").eq("bob"), FilterExpression=Attr("total").gte(70))
if [i["order_no"] for i in filtered["Items"]] != [7, 9, 11] or filtered["ScannedCount"] != 5:
    fail("query with a filter gave %s" % filtered)
pages, start = [], None
while True:
    kwargs = {"KeyConditionExpression": Key("customer").eq("ann"), "Limit": 3}
    if start:
        kwargs["ExclusiveStartKey"] = start
    page = orders.query(**kwargs)
    pages.append([i["order_no"] for i in page["Items"]])
    start = page.get("LastEvaluatedKey")
    if not start:
        break
if pages != [[1, 2, 4], [6, 8, 10], [12]]:
    fail("query pages were %s" % pages)

# Scan with a filter and the client's paginator.
paginator = client.get_paginator("scan")
scanned = [i for p in paginator.paginate(TableName="Orders", PaginationConfig={"PageSize": 4},
                                          FilterExpression="begins_with(customer, :b)", ExpressionAttributeValues={":b": {"S": "bo"}})
           for i in p["Items"]]
if sorted(int(i["order_no"]["N"]) for i in scanned) != [3, 5, 7, 9, 11]:
    fail("the paginated scan gave %s" % scanned)
count = client.scan(TableName="Orders", Select="COUNT")
if count["Count"] != 12 or "Items" in count:
    fail("Select=COUNT gave %s" % count)

# Projection, batch get, delete.
projected = orders.get_item(Key={"customer": "ann", "order_no": 1}, ProjectionExpression="total, address.city")["Item"]
if projected != {"total": Decimal("12.75"), "address": {"city": "Lyon"}}:
    fail("projection gave %s" % projected)
got = dynamodb.batch_get_item(RequestItems={"Orders": {"Keys": [{"customer": "ann", "order_no": 2}, {"customer": "bob", "order_no": 3},
                                                                {"customer": "nobody", "order_no": 1}]}})
if sorted(i["order_no"] for i in got["Responses"]["Orders"]) != [2, 3]:
    fail("batch_get_item gave %s" % got)
gone = orders.delete_item(Key={"customer": "bob", "order_no": 3}, ReturnValues="ALL_OLD")
if gone["Attributes"]["total"] != 30 or "Item" in orders.get_item(Key={"customer": "bob", "order_no": 3}):
    fail("delete_item gave %s" % gone)

# Errors, as AWS names them.
def expect_error(code, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] != code:
            fail("expected %s, got %s: %s" % (code, error.response["Error"]["Code"], error.response["Error"]["Message"]))
        return error.response["Error"]["Message"]
    fail("expected %s, the call succeeded" % code)

message = expect_error("ResourceNotFoundException", client.get_item, TableName="Nope", Key={"k": {"S": "x"}})
if "Nope" not in message:
    fail("the missing table's error does not name it: %s" % message)
expect_error("ValidationException", orders.put_item, Item={"customer": "ann"})
expect_error("ValidationException", orders.put_item, Item={"customer": "ann", "order_no": "one"})
expect_error("ValidationException", client.put_item, TableName="Orders", Item={"customer": {"S": "x"}, "order_no": {"N": "1"}, "big": {"N": "1.23456789012345678"}})
expect_error("ValidationException", orders.update_item, Key={"customer": "ann", "order_no": 1}, UpdateExpression="SET order_no = :n",
             ExpressionAttributeValues={":n": 5})
expect_error("ValidationException", orders.query, KeyConditionExpression="customer = :c AND", ExpressionAttributeValues={":c": "ann"})
# Regression (attribute_names_equal_as_characters_merged): wh's items are Swift dictionaries, where
# "\u00e9" and "e\u0301" are one key; DynamoDB keeps them apart. One silently replaced the other.
for item in [{"customer": "ann", "order_no": 9, "\u00e9": 1, "e\u0301": 2},
             {"customer": "ann", "order_no": 9, "m": {"\u00e9": 1, "e\u0301": 2}},
             {"customer": "ann", "order_no": 9, "tags": {"\u00e9", "e\u0301"}}]:
    message = expect_error("ValidationException", orders.put_item, Item=item)
    if "normalisation" not in message:
        fail("names equal only as characters: %s" % message)
if "Item" in orders.get_item(Key={"customer": "ann", "order_no": 9}):
    fail("a refused item was written")

# Regression (strings_compared_as_characters): conditions compared strings as Swift does, by canonical
# equivalence ("\u00e9x" equal to "e\u0301x", which did not begin with "e"); DynamoDB compares bytes.
orders.put_item(Item={"customer": "ann", "order_no": 10, "note": "e\u0301x"})
orders.put_item(Item={"customer": "ann", "order_no": 11, "note": "\u00e9x"})
def matching(condition, value):
    items = orders.query(KeyConditionExpression="customer = :c", FilterExpression=condition,
                         ExpressionAttributeValues={":c": "ann", ":v": value})["Items"]
    return sorted(int(i["order_no"]) for i in items)
for condition, value, expected in [("note = :v", "\u00e9x", [11]), ("note = :v", "e\u0301x", [10]),
                                   ("begins_with(note, :v)", "e", [10]), ("contains(note, :v)", "\u0301", [10]),
                                   ("note > :v", "e\u0301x", [11]), ("note < :v", "\u00e9x", [10])]:
    got = matching(condition, value)
    if got != expected:
        fail("%s with %r matched %s, not %s" % (condition, value, got, expected))
orders.delete_item(Key={"customer": "ann", "order_no": 10})
orders.delete_item(Key={"customer": "ann", "order_no": 11})

orders.delete()
if "Orders" in client.list_tables()["TableNames"]:
    fail("Orders is still listed after delete_table")
print("ok")
