# SPDX-License-Identifier: Apache-2.0
# Severity counts of a Clair report (v4 vulnerability report, clair-scanner
# or klar), computed from the report alone, as docs/scanners.md says assay
# counts them. Every (package, vulnerability) pair is a listing, keyed by
# package name, version and package path. The id is a leading CVE id of
# the name, else a leading advisory id (RHSA-2023:5837, pyup.io-39606),
# else the first CVE id of the links, else of the name, else the name; the
# aliases are the CVE and GHSA ids of name and links, and of the
# description when the id is no CVE. Listings at the same place sharing an
# id or alias are one finding at the highest severity. Severity is
# normalized_severity (v4) or Severity (Clair v2, klar's group when
# missing); Negligible is LOW, Defcon1 CRITICAL, and an Unknown v4 severity
# takes the highest baseSeverity of the vulnerability's CVSS enrichment.
def rank:
  ((. // "") | ascii_downcase) as $word
  | if $word == "critical" or $word == "defcon1" then 4
    elif $word == "high" then 3
    elif $word == "medium" or $word == "moderate" then 2
    elif $word == "low" or $word == "negligible" then 1
    else 0 end;
def text: if . == "" then null else . end;
def place: if . == null then "" else sub("^(/|\\./)+"; "") end;
def cves: [scan("CVE-[0-9]{4}-[0-9]{4,}")];
def ghsas: [scan("GHSA(?:-[0-9a-z]{4}){3}")];
def first_word: (split(" ")[0] // "") | sub("[:,]$"; "");
def is_advisory:
  test("^([A-Z][A-Z0-9]*|[a-z][a-z0-9]*(\\.[a-z0-9]+)+)-[A-Za-z0-9][A-Za-z0-9:._-]*$")
  and test("-.*[0-9]");
def vulnerability_id($links):
  if test("^CVE-[0-9]{4}-[0-9]{4,}") then cves[0]
  elif (first_word | is_advisory) then first_word
  else (($links | cves)[0] // cves[0] // .) end;
def ids($name; $links; $description):
  ($name | vulnerability_id($links)) as $id
  | [$id] + ($name | cves) + ($name | ghsas) + ($links | cves) + ($links | ghsas)
    + (if ($id | test("^CVE-[0-9]{4}-[0-9]{4,}$")) then [] else ($description | cves) + ($description | ghsas) end)
  | unique;

def cvss_ranks($report; $vuln_id):
  [($report.enrichments // {}) | to_entries[]
   | select((.key | startswith("message/vnd.clair.map.vulnerability")) and (.key | contains("enricher=clair.cvss")))
   | .value[]? | .[$vuln_id]? // [] | .[] | .baseSeverity | rank];

def v4_listings:
  . as $report
  | $report.package_vulnerabilities // {} | to_entries[] | .key as $pkg_id | (.value // [])[]
  | . as $vuln_id
  | $report.vulnerabilities[$vuln_id] as $v
  | $report.packages[$pkg_id] as $p
  | ((($report.environments // {})[$pkg_id] // [])[0].package_db // "") as $db
  | ($v.links // "") as $links
  | {key: [$p.name // "", $p.version // "",
           (($p.filepath | text)
            // (if ($db | test("^[a-z]+:")) and ($db | test("^(bdb|sqlite|ndb):") | not)
                then $db | sub("^[a-z]+:"; "") else null end)) | place],
     ids: ids($v.name; $links; $v.description // ""),
     rank: (($v.normalized_severity | rank) as $normalized
            | if $normalized > 0 then $normalized
              else (cvss_ranks($report; $vuln_id) | max // 0) end)};

def legacy_listing($name; $link; $description; $severity; $package; $version):
  {key: [$package // "", $version // "", ""],
   ids: ids($name; $link // ""; $description // ""),
   rank: ($severity | rank)};

def listings:
  if has("package_vulnerabilities") then v4_listings
  elif has("LayerCount") or has("Vulnerabilities") then
    (.Vulnerabilities // {}) | to_entries[] | .key as $group | (.value // [])[]
    | legacy_listing(.Name; .Link; .Description; ((.Severity | text) // $group); .FeatureName; .FeatureVersion)
  else
    (.vulnerabilities // [])[]
    | legacy_listing(.vulnerability; .link; .description; .severity; .featurename; .featureversion)
  end;

# Merge as the core does: into the first finding at the same place that
# shares an id or alias.
def merge:
  reduce .[] as $item ([];
    (map(.key == $item.key and ((.ids - $item.ids) | length) < (.ids | length)) | index(true)) as $i
    | if $i == null then . + [$item]
      else .[$i].ids = ((.[$i].ids + $item.ids) | unique)
           | .[$i].rank = ([.[$i].rank, $item.rank] | max) end);

["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as $names
| [listings] | merge
| reduce .[] as $finding ({CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0};
                          .[$names[$finding.rank]] += 1)
