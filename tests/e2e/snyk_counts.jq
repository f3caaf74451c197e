# SPDX-License-Identifier: Apache-2.0
# Severity counts of a Snyk report (one project or an --all-projects list),
# computed from the report alone, as docs/scanners.md says assay counts them.
# Each vulnerability (license issues aside) is keyed by artifact, package
# path, id, installed package and version: the artifact is the project's
# path; the package path is the manifest for `snyk test`, none for an
# image's OS packages and the application's targetFile for applications[];
# the id is the first CVE or else the Snyk id; the package is the binary
# half of "source/binary" names. Listings with the same key, or with a
# shared id or alias at the same place, are one finding at the highest
# severity, which is the higher of severity and severityWithCritical.
def rank:
  ((. // "") | ascii_downcase) as $word
  | if $word == "critical" then 4
    elif $word == "high" then 3
    elif $word == "medium" or $word == "moderate" then 2
    elif $word == "low" or $word == "negligible" then 1
    else 0 end;
def text: if . == "" then null else . end;
def place: if . == null then "" else sub("^(/|\\./)+"; "") end;
def binary_name:
  (.packageName | text) as $source | (.name | text) as $name
  | if $source != null and $name != null and ($name | startswith($source + "/"))
       and ($name | length) > ($source | length) + 1
    then $name[($source | length) + 1:]
    else $source // $name end;

def listings:
  input_filename as $file
  | (if type == "array" then .[] else . end) as $project
  | (($project.path | text) // ($project.projectName | text) // $file) as $artifact
  | (($project.docker != null)
     or (($project.projectName // "") | startswith("docker-image|"))) as $container
  | ( ($project.vulnerabilities[]?
       | {vuln: ., pkg_path: (if $container then null
                              else ($project.displayTargetFile | text) // ($project.targetFile | text)
                              end)}),
      ($project.applications[]? as $app
       | $app.vulnerabilities[]?
       | {vuln: ., pkg_path: (($app.targetFile | text) // ($app.displayTargetFile | text))}) )
  | select(.vuln.type != "license")
  | .vuln as $v
  | ((($v.identifiers.CVE // [])[0] | text) // $v.id) as $id
  | {key: [$artifact, (.pkg_path | place), ($v | binary_name) // "", $v.version // ""],
     ids: ([$id, $v.id] + ($v.identifiers.CVE // []) + ($v.identifiers.GHSA // [])
           + ($v.identifiers.ALTERNATIVE // []) | map(select(. != null and . != "")) | unique),
     rank: ([($v.severity | rank), ($v.severityWithCritical | rank)] | max)};

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
