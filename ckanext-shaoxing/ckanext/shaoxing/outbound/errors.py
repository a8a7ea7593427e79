"""What a fetch of a user-given address can end in. The texts never hold the address: a
conditional entry's outside link must not come out through a load error or a check's report."""
from __future__ import annotations

from ..params import message


class Failed(Exception):
    """The address could not be read; `zh` and `en` say why."""

    def __init__(self, zh: str, en: str):
        super().__init__(message(zh, en))
        self.zh, self.en = zh, en


class Refused(Failed):
    """The address is not fetched by rule (`reason`: scheme, own_portal, internal, redirects, address)."""

    def __init__(self, reason: str, zh: str, en: str):
        super().__init__(zh, en)
        self.reason = reason


SCHEME = ("scheme", "只读取 http 或 https 地址", "only http and https addresses are fetched")
ADDRESS = ("address", "链接地址无效", "the link's address is not valid")
OWN_PORTAL = ("own_portal", "链接指向本平台自身的资源，不经网络读取：请直接上传文件",
              "the link points at this portal's own resources, which are never fetched over the network: upload the file")
INTERNAL = ("internal", "链接指向内部网络地址（回环、私有、保留等地址），不予读取",
            "the link points at an internal network address (loopback, private, reserved, ...): not fetched")
REDIRECTS = ("redirects", "重定向次数过多", "too many redirects")


def refused(kind: tuple[str, str, str]) -> Refused:
    return Refused(*kind)
