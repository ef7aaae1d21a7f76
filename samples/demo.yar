/* tracebox scan -p PID -r samples/demo.yar */
rule demo_api_key
{
    meta:
        description = "a fake API key planted by samples/sample --hold"
    strings:
        $key = /api_key=TBX-DEMO-[0-9a-f]{8}-SECRET/
    condition:
        $key
}
