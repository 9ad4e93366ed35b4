"""An mDNS client independent of the companion: lists _kiana._tcp instances with python-zeroconf.

Usage: python3 mdns-browse.py SECONDS
Prints one JSON object per resolved instance: {"name", "id", "addresses", "port"}.
"""
import json
import sys
import time

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

TYPE = "_kiana._tcp.local."


class Listener(ServiceListener):
    def __init__(self) -> None:
        self.seen: set[str] = set()

    def report(self, zc: Zeroconf, name: str) -> None:
        info = zc.get_service_info(TYPE, name, timeout=3000)
        if info is None or name in self.seen:
            return
        self.seen.add(name)
        props = {k.decode(): (v.decode() if v is not None else None) for k, v in info.properties.items()}
        print(json.dumps({"name": name, "id": props.get("id"), "addresses": info.parsed_addresses(), "port": info.port}), flush=True)

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.report(zc, name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.report(zc, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        pass


zc = Zeroconf(ip_version=IPVersion.V4Only)
try:
    ServiceBrowser(zc, TYPE, Listener())
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 10)
finally:
    zc.close()
