# The seed write-up's Streamlit app, its code blocks joined as printed. Two lines are wh's (marked):
# snowflake_config names where `wh serve` listens; boto3 finds it through AWS_ENDPOINT_URL.
import streamlit as st
import boto3
from snowflake.connector import connect
import pandas as pd
import os  # wh: for WH_PORT below

dynamodb = boto3.resource('dynamodb', region_name='us-east-1')
clickstream_table = dynamodb.Table('ClickStreamData')  # Replace with your DynamoDB table name

snowflake_config = {
    'user': 'user',
    'password': 'password',
    'account': 'accout',
    'warehouse': 'TRUCK_TELEMETRY_WH',
    'database': 'ECOMMERCE_DATA',
    'schema': 'TRUCK_TELEMETRY',
    # wh: the only change to the write-up's app — where the connector finds `wh serve`.
    'host': '127.0.0.1', 'port': int(os.environ['WH_PORT']), 'protocol': 'http',
}

def fetch_clickstream_data():
    response = clickstream_table.scan()
    return response['Items']

def fetch_truck_telemetry_data():
    conn = connect(**snowflake_config)
    cursor = conn.cursor()
    query = """
    SELECT * FROM truck_telemetry_data where IS_CURRENT=TRUE
    """
    cursor.execute(query)
    result = cursor.fetchall()
    columns = [desc[0] for desc in cursor.description]
    cursor.close()
    conn.close()
    return pd.DataFrame(result, columns=columns)

st.title("From Clicks to Deliveries: Real-Time E-Commerce Data Dashboard")

page = st.sidebar.selectbox("Choose a page", ["Clickstream Data", "Truck Telemetry Data"])

if page == "Clickstream Data":
    st.header("Clickstream Data Analysis")
    st.write("### Real-Time Clickstream Data from DynamoDB")
    
    # Fetch and display clickstream data
    clickstream_data = fetch_clickstream_data()
    if clickstream_data:
        df = pd.DataFrame(clickstream_data)
        st.table(df)
        
        # Visualize clickstream data
        st.write("### Clickstream Data Visualization")
        st.bar_chart(df.set_index('Item_Name')['Click_Counts'])
    else:
        st.error("No clickstream data found.")

elif page == "Truck Telemetry Data":
    st.header("Truck Telemetry Data Analysis")
    st.write("### Real-Time Truck Telemetry Data from Snowflake")
    
    # Fetch and display truck telemetry data
    truck_data = fetch_truck_telemetry_data()
    if not truck_data.empty:
        st.write("#### Current Truck Telemetry Data")
        st.dataframe(truck_data)
        
        # Visualize truck speed
        st.write("### Truck Speed Visualization")
        st.line_chart(truck_data.set_index('TRUCK_ID')['VEHICLE_SPEED'])
    else:
        st.error("No truck telemetry data found.")
