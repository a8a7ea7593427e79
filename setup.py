"""One distribution, two CKAN plugins: `shaoxing` (catalogue, targets, access) and
`shaoxing_contest` (the open-data innovation contest)."""
import pathlib

from setuptools import setup

HERE = pathlib.Path(__file__).parent
ROOTS = {"ckanext.shaoxing": "ckanext-shaoxing/ckanext/shaoxing",
         "ckanext.shaoxing_contest": "contest/ckanext/shaoxing_contest"}
DATA = ["**/*.yaml", "**/*.json", "**/*.html", "**/*.js", "**/*.css", "**/*.svg", "**/*.png",
        "**/*.po", "migration/**/*", "**/*.pot", "**/*.mo", "**/*.ini", "**/*.mako", "**/*.csv", "**/README",
        "**/LICENSE*", "**/NOTICE", "**/SOURCE.md"]


def packages():
    """ckanext is a namespace shared with CKAN itself: list our packages under their two roots."""
    found = []
    for name, root in ROOTS.items():
        for init in sorted((HERE / root).rglob("__init__.py")):
            rel = init.parent.relative_to(HERE / root)
            found.append(".".join([name, *rel.parts]) if rel.parts else name)
    return found


setup(
    name="ckanext-shaoxing",
    version="0.1.0",
    description="Shaoxing public data open platform (绍兴市公共数据开放平台) on CKAN 2.12",
    long_description=(HERE / "README.md").read_text("utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.10",
    packages=packages(),
    package_dir=ROOTS,
    package_data={name: DATA for name in ROOTS},
    include_package_data=False,
    zip_safe=False,
    entry_points={
        "ckan.plugins": [
            "shaoxing = ckanext.shaoxing.plugin:ShaoxingPlugin",
            "shaoxing_contest = ckanext.shaoxing_contest.plugin:ContestPlugin",
            "shaoxing_federation = ckanext.shaoxing.federation.plugin:FederationPlugin",
            "shaoxing_map = ckanext.shaoxing.dataviews.plugin:MapView",
            "shaoxing_region = ckanext.shaoxing.dataviews.plugin:RegionView",
            "shaoxing_chart = ckanext.shaoxing.dataviews.plugin:ChartView",
        ],
        # ckanext-dcat's profiles of this portal (federation/profile.py)
        "ckan.rdf.profiles": [
            "shaoxing = ckanext.shaoxing.federation.profile:ShaoxingProfile",
            "shaoxing_schemaorg = ckanext.shaoxing.federation.profile:ShaoxingSchemaOrgProfile",
        ],
        "babel.extractors": ["ckan = ckan.lib.extract:extract_ckan"],
    },
    message_extractors={
        "ckanext-shaoxing/ckanext": [
            ("**.py", "python", None),
            ("**/templates/**.html", "ckan", None),
        ],
        "contest/ckanext": [
            ("**.py", "python", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
