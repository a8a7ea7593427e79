"""Write a Solr core for the portal: CKAN 2.12's own schema plus CJK-analysed copies of the
searchable text, so that any Chinese substring of a title, abstract or keyword finds the dataset.

    python make_core.py SOLR_HOME CORE_NAME [--stock]

--stock writes CKAN's schema unchanged (the benchmark's baseline). The CKAN schema is read from
the installed ckan package, so an upgrade of CKAN brings its schema with it.
"""
import argparse
import pathlib
import re
import shutil

import ckan

HERE = pathlib.Path(__file__).resolve().parent

# Index unigrams and bigrams; query with bigrams only (a lone character stays a unigram), so a
# 2+ character query becomes a phrase of consecutive bigrams: an exact substring match.
CJK_TYPE = """
    <fieldType name="text_cjk" class="solr.TextField" positionIncrementGap="100" autoGeneratePhraseQueries="true">
      <analyzer type="index">
        <tokenizer class="solr.StandardTokenizerFactory"/>
        <filter class="solr.CJKWidthFilterFactory"/>
        <filter class="solr.LowerCaseFilterFactory"/>
        <filter class="solr.CJKBigramFilterFactory" outputUnigrams="true"/>
      </analyzer>
      <analyzer type="query">
        <tokenizer class="solr.StandardTokenizerFactory"/>
        <filter class="solr.CJKWidthFilterFactory"/>
        <filter class="solr.LowerCaseFilterFactory"/>
        <filter class="solr.CJKBigramFilterFactory" outputUnigrams="false"/>
      </analyzer>
    </fieldType>
"""

# Pinyin of titles, keywords and department names (search/pinyin.py writes the syllables and
# initials at indexing time, space-separated): phrases of syllables or letters match.
PINYIN_TYPE = """
    <fieldType name="text_py" class="solr.TextField" positionIncrementGap="100">
      <analyzer>
        <tokenizer class="solr.WhitespaceTokenizerFactory"/>
        <filter class="solr.LowerCaseFilterFactory"/>
      </analyzer>
    </fieldType>
"""

CJK_FIELDS = """
    <field name="title_cjk" type="text_cjk" indexed="true" stored="false"/>
    <field name="organization_title" type="text_cjk" indexed="true" stored="true"/>
    <field name="text_cjk" type="text_cjk" indexed="true" stored="false" multiValued="true"/>
    <field name="title_py" type="text_py" indexed="true" stored="false"/>
    <field name="title_pyi" type="text_py" indexed="true" stored="false"/>
    <field name="text_py" type="text_py" indexed="true" stored="false" multiValued="true"/>
    <field name="text_pyi" type="text_py" indexed="true" stored="false" multiValued="true"/>
    <field name="shaoxing_faulty" type="int" indexed="true" stored="false" docValues="true" default="0"/>
"""

# The catch-all gets what CKAN's `text` gets, except URLs (no Chinese there).
SKIP_FOR_TEXT_CJK = {"urls", "url", "ckan_url", "download_url", "res_url", "name"}


def cjk_schema(stock_xml: str) -> str:
    sources = re.findall(r'<copyField source="([^"]+)" dest="text"/>', stock_xml)
    copies = ['<copyField source="title" dest="title_cjk"/>',
              '<copyField source="organization_title" dest="text_cjk"/>']
    copies += [f'<copyField source="{s}" dest="text_cjk"/>'
               for s in sources if s not in SKIP_FOR_TEXT_CJK]
    xml = stock_xml.replace("</types>", CJK_TYPE + PINYIN_TYPE + "</types>", 1)
    xml = xml.replace("</fields>", CJK_FIELDS + "</fields>", 1)
    xml = xml.replace("</schema>", "\n".join(copies) + "\n</schema>", 1)
    if xml.count("text_cjk") < 3:
        raise SystemExit("CKAN's schema.xml changed shape: CJK fields could not be added")
    return xml


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("home")
    parser.add_argument("core")
    parser.add_argument("--stock", action="store_true")
    parser.add_argument("--conf-only", action="store_true",
                        help="leave out core.properties (for cores created through the CoreAdmin API)")
    args = parser.parse_args()

    home = pathlib.Path(args.home)
    conf = home / args.core / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "solr.xml", home / "solr.xml")
    for name in ("synonyms.txt", "protwords.txt", "stopwords.txt"):
        shutil.copy(HERE / "conf" / name, conf / name)

    stock_xml = (pathlib.Path(ckan.__file__).parent / "config/solr/schema.xml").read_text("utf-8")
    solrconfig = (HERE / "conf/solrconfig.xml").read_text("utf-8")
    if args.stock:
        schema = stock_xml
        solrconfig = re.sub(r"\s*<lst name=\"appends\">.*?</lst>", "", solrconfig, flags=re.S)
    else:
        schema = cjk_schema(stock_xml)
    _write_if_changed(conf / "schema.xml", schema)
    _write_if_changed(conf / "solrconfig.xml", solrconfig)
    if not args.conf_only:
        _write_if_changed(home / args.core / "core.properties", f"name={args.core}\n")


def _write_if_changed(path: pathlib.Path, text: str):
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
