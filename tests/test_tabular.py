"""The shared reader's CSV decoding (tabular.py): one strict pass in the encoding the file's first
non-ASCII bytes tell; a fault further on is a reason naming its row and column, in both languages."""
import pytest

from ckanext.shaoxing import tabular

TEXT = "名称,数量\n越城区,1\n柯桥区,2\n"


def read(tmp_path, data: bytes):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    return list(tabular.rows_of(str(path), "csv", 0))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "ascii"])
def test_each_encoding_reads_the_same_rows(tmp_path, encoding):
    text = TEXT if encoding != "ascii" else "name,n\nYuecheng,1\nKeqiao,2\n"
    rows = read(tmp_path, text.encode(encoding))
    assert rows == [r.split(",") for r in text.splitlines()]


def test_gbk_after_more_ascii_than_a_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "_CHUNK", 16)
    data = b"a,b\n" + b"x,1\n" * 50 + "越城,2\n".encode("gbk") + b'y,"3\r\n4"\r\n'
    assert read(tmp_path, data)[-2:] == [["越城", "2"], ["y", "3\r\n4"]]


def test_a_utf8_file_broken_further_on_names_the_row(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "_CHUNK", 64)
    data = "a,b\n越,1\n".encode() + b"x,1\n" * 40 + b'x,"q\nq"\ny,\xff\n'
    with pytest.raises(tabular.Unreadable) as e:
        read(tmp_path, data)
    assert (e.value.zh, e.value.en) == ("第44行第2列不是 UTF-8 编码的文本（前面的行都是 UTF-8）",
                                        "row 44, column 2 is not UTF-8 text as the rows before it are")


def test_a_file_in_no_known_encoding_names_the_row(tmp_path):
    with pytest.raises(tabular.Unreadable) as e:
        read(tmp_path, "名称,数量\n越城区,1\n".encode("gbk") + b"\xff\xfe\xfa,1\n")
    assert (e.value.zh, e.value.en) == ("第3行第1列既不是 UTF-8 也不是 GBK 编码的文本",
                                        "row 3, column 1 is neither UTF-8 nor GBK text")
