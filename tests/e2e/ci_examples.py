# SPDX-License-Identifier: Apache-2.0
"""Structural checks of the CI examples, the Dockerfile and .dockerignore.

Usage: ci_examples.py SOURCE_DIR SCRIPTS_DIR

Parses every YAML file of examples/ci, checks the security settings and the
wiring between steps, and writes the shell scripts of the Kubernetes CronJob
to SCRIPTS_DIR (one file per container) so the caller can run them. Prints
one line per failed check and exits with status 1 when any failed.
"""
import re
import shlex
import sys
from pathlib import Path

import yaml

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def output_specs(command):
    """Map each output format of an `assay run` command line to its file."""
    words = shlex.split(command.replace("\\\n", " "), comments=False)
    specs = {}
    for flag, value in zip(words, words[1:]):
        if flag in ("-o", "--output"):
            fmt, _, path = value.partition(":")
            specs[fmt] = path
    return specs


def input_specs(command):
    words = shlex.split(command.replace("\\\n", " "), comments=False)
    return [value for flag, value in zip(words, words[1:]) if flag in ("-i", "--input")]


def check_workflow(path):
    workflow = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean true.
    check(True in workflow or "on" in workflow, f"{path.name}: no triggers")
    check(workflow.get("permissions") == {"contents": "read", "security-events": "write"},
          f"{path.name}: top-level permissions must be exactly contents: read and "
          f"security-events: write, found {workflow.get('permissions')!r}")
    for name, job in workflow["jobs"].items():
        check("permissions" not in job, f"{path.name}: job {name} widens the permissions")
        steps = job["steps"]
        for step in steps:
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                check(ref and ref not in ("main", "master", "latest", "HEAD"),
                      f"{path.name}: {action} is not pinned to a version")
        check_workflow_steps(path.name, steps)


def find_step(steps, action):
    found = [step for step in steps if step.get("uses", "").startswith(action + "@")]
    return found[0] if found else None


def check_workflow_steps(name, steps):
    runs = [step for step in steps if "assay run" in step.get("run", "")]
    if not check(len(runs) == 1, f"{name}: expected one step that runs `assay run`"):
        return
    gate = runs[0]
    command = gate["run"][gate["run"].index("assay run"):]
    outputs = output_specs(command)
    for fmt in ("sarif", "html", "json"):
        check(outputs.get(fmt), f"{name}: assay run lacks -o {fmt}:FILE")
    check(outputs.get("markdown") == "$GITHUB_STEP_SUMMARY",
          f"{name}: assay run must write markdown to $GITHUB_STEP_SUMMARY")
    check(not gate.get("continue-on-error") and "|| true" not in gate["run"],
          f"{name}: the assay step must fail the job on the gate")
    check('exit "$status"' in gate["run"], f"{name}: the assay step must exit with assay's status")

    inputs = dict(spec.split(":", 1) for spec in input_specs(command))
    trivy = find_step(steps, "aquasecurity/trivy-action")
    grype = find_step(steps, "anchore/scan-action")
    if check(trivy and grype, f"{name}: Trivy or Grype step missing"):
        check(trivy["with"].get("format") == "json" and trivy["with"].get("output") == inputs.get("trivy"),
              f"{name}: Trivy must write the JSON that assay reads ({inputs.get('trivy')})")
        check(str(trivy["with"].get("exit-code")) == "0", f"{name}: Trivy must not fail the job")
        check(grype["with"].get("output-format") == "json" and grype["with"].get("output-file") == inputs.get("grype"),
              f"{name}: Grype must write the JSON that assay reads ({inputs.get('grype')})")
        check(grype["with"].get("fail-build") is False, f"{name}: Grype must not fail the job")

    sarif = find_step(steps, "github/codeql-action/upload-sarif")
    if check(sarif, f"{name}: no upload-sarif step"):
        check("always()" in str(sarif.get("if", "")), f"{name}: upload-sarif needs if: always()")
        check(sarif["with"].get("sarif_file") == outputs.get("sarif"), f"{name}: upload-sarif uploads another file")
        check(sarif["with"].get("category"), f"{name}: upload-sarif needs a category")
    artifact = find_step(steps, "actions/upload-artifact")
    if check(artifact, f"{name}: no upload-artifact step"):
        artifact_paths = artifact["with"].get("path", "").split()
        check("always()" in str(artifact.get("if", "")), f"{name}: upload-artifact needs if: always()")
        check(outputs.get("html") in artifact_paths and outputs.get("json") in artifact_paths,
              f"{name}: the artifact must keep {outputs.get('html')} and {outputs.get('json')}")


def check_gitlab(path):
    pipeline = yaml.safe_load(path.read_text())
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    gates = [name for name, job in jobs.items() if any("assay run" in line for line in job["script"])]
    if not check(len(gates) == 1, f"{path.name}: expected one job that runs `assay run`"):
        return
    job = jobs[gates[0]]
    command = next(line for line in job["script"] if "assay run" in line)
    outputs = output_specs(command)
    reports = job.get("artifacts", {}).get("reports", {})
    check(reports.get("junit") and reports.get("junit") == outputs.get("junit"),
          f"{path.name}: reports:junit must be assay's junit output")
    check(reports.get("container_scanning") and reports.get("container_scanning") == outputs.get("gitlab"),
          f"{path.name}: reports:container_scanning must be assay's gitlab output")
    check(job["artifacts"].get("when") == "always", f"{path.name}: keep the reports of a failed gate")
    produced = {p for name in job.get("needs", []) for p in jobs[name].get("artifacts", {}).get("paths", [])}
    for spec in input_specs(command):
        check(spec.split(":", 1)[1] in produced, f"{path.name}: no needed job produces {spec}")


def check_pre_commit(hooks_path, config_path):
    hooks = yaml.safe_load(hooks_path.read_text())
    config = yaml.safe_load(config_path.read_text())
    if not check(isinstance(hooks, list) and len(hooks) == 1, f"{hooks_path.name}: expected one hook"):
        return None
    hook = hooks[0]
    for key in ("id", "name", "entry", "language", "files"):
        check(hook.get(key), f"{hooks_path.name}: the hook lacks {key}")
    check("assay policy check" in hook["entry"], f"{hooks_path.name}: the hook must run assay policy check")
    pattern = re.compile(hook["files"])
    check(pattern.search("policies/ci.lua") and not pattern.search("tools/ci.py"),
          f"{hooks_path.name}: files must select *.lua only")
    used = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook["id"]]
    if check(used, f"{config_path.name}: does not use the hook {hook['id']}"):
        check(used[0]["entry"] == hook["entry"], f"{config_path.name}: its entry differs from {hooks_path.name}")
    return hook["entry"]


def container_security(name, context, pod):
    def value(key):
        return context.get(key, pod.get(key))

    check(value("runAsNonRoot") is True, f"{name}: runAsNonRoot must be true")
    for key in ("runAsUser", "runAsGroup"):
        check(isinstance(value(key), int) and value(key) > 0, f"{name}: {key} must be a number above 0")
    check(context.get("allowPrivilegeEscalation") is False, f"{name}: allowPrivilegeEscalation must be false")
    check(context.get("readOnlyRootFilesystem") is True, f"{name}: readOnlyRootFilesystem must be true")
    check(context.get("privileged") in (None, False), f"{name}: must not be privileged")
    capabilities = context.get("capabilities", {})
    check(capabilities.get("drop") == ["ALL"] and not capabilities.get("add"),
          f"{name}: capabilities must drop ALL and add none")
    check(value("seccompProfile") == {"type": "RuntimeDefault"}, f"{name}: seccompProfile must be RuntimeDefault")


def check_cronjob(path, scripts_dir):
    documents = {doc["kind"]: doc for doc in yaml.safe_load_all(path.read_text())}
    cronjob = documents.get("CronJob")
    if not check(cronjob and cronjob["apiVersion"] == "batch/v1", f"{path.name}: no batch/v1 CronJob"):
        return
    check(len(cronjob["spec"]["schedule"].split()) == 5, f"{path.name}: the schedule needs five fields")
    check(cronjob["spec"].get("concurrencyPolicy") == "Forbid", f"{path.name}: runs must not overlap")
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    context = pod.get("securityContext", {})
    check(pod.get("automountServiceAccountToken") is False, f"{path.name}: the pod must not mount a token")
    check(context.get("seccompProfile") == {"type": "RuntimeDefault"}, f"{path.name}: pod seccomp")
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    check(not any("hostPath" in volume for volume in volumes.values()), f"{path.name}: no hostPath volume")
    config_maps = [v["configMap"]["name"] for v in volumes.values() if "configMap" in v]
    config = documents.get("ConfigMap", {})
    check(config_maps == [config.get("metadata", {}).get("name")] and "images.txt" in config.get("data", {}),
          f"{path.name}: the image list must come from the ConfigMap of this file")

    containers = pod.get("initContainers", []) + pod["containers"]
    for container in containers:
        name = f"{path.name}: container {container['name']}"
        container_security(name, container.get("securityContext", {}), context)
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        check("/tmp" in mounts and "emptyDir" in volumes.get(mounts.get("/tmp"), {}),
              f"{name}: needs a writable emptyDir at /tmp")
        script = container["args"][0]
        (scripts_dir / f"{container['name']}.sh").write_text(script)
    check([c["name"] for c in containers] == ["trivy", "assay", "push"],
          f"{path.name}: expected the containers trivy, assay and push")


def check_dockerfile(path, ignore_path):
    stages = []
    for line in path.read_text().splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "FROM":
            stages.append({"from": words[1], "name": words[3] if len(words) > 3 else None, "lines": []})
        elif stages:
            stages[-1]["lines"].append(line.strip())
    check(len(stages) >= 2, f"{path.name}: expected a build stage and a runtime stage")
    check(stages[0]["name"] == "build", f"{path.name}: the first stage builds")
    for stage in stages[1:]:
        name = f"{path.name}: stage {stage['name']}"
        users = [line.split()[1] for line in stage["lines"] if line.startswith("USER ")]
        check(users and re.fullmatch(r"[1-9][0-9]*:[1-9][0-9]*", users[-1]),
              f"{name}: USER must be a numeric non-root user and group, found {users}")
        entry = [line for line in stage["lines"] if line.startswith("ENTRYPOINT ")]
        check(entry and entry[-1].split(None, 1)[1].startswith("["), f"{name}: ENTRYPOINT must use the exec form")
        check(any(line.startswith("HEALTHCHECK ") for line in stage["lines"]), f"{name}: HEALTHCHECK missing")
        check(any("org.opencontainers.image.version" in line for line in stage["lines"]),
              f"{name}: OCI labels missing")
        check(not any(line.startswith("ADD ") for line in stage["lines"]), f"{name}: use COPY, not ADD")
    check("distroless" in stages[-1]["from"] or "RUNTIME_IMAGE" in stages[-1]["from"],
          f"{path.name}: the default (last) stage must be the minimal runtime image")
    ignored = ignore_path.read_text().split()
    check(".git" in ignored and "build*/" in ignored, f"{ignore_path.name}: must leave out .git and build folders")


def main():
    source = Path(sys.argv[1])
    scripts_dir = Path(sys.argv[2])
    ci = source / "examples" / "ci"
    for path in sorted(ci.glob("*.y*ml")):
        try:
            list(yaml.safe_load_all(path.read_text()))
        except yaml.YAMLError as error:
            check(False, f"{path.name}: invalid YAML: {error}")
    if FAILURES:
        print("\n".join(FAILURES))
        return 1
    check_workflow(ci / "github-actions.yml")
    check_gitlab(ci / "gitlab-ci.yml")
    entry = check_pre_commit(ci / "pre-commit-hooks.yaml", ci / "pre-commit-config.yaml")
    if entry:
        (scripts_dir / "pre-commit-entry.txt").write_text("\n".join(shlex.split(entry)))
    check_cronjob(ci / "kubernetes-cronjob.yaml", scripts_dir)
    check_dockerfile(source / "Dockerfile", source / ".dockerignore")
    formats = set()
    for path in (ci / "github-actions.yml", ci / "gitlab-ci.yml", ci / "kubernetes-cronjob.yaml"):
        formats.update(re.findall(r'-o "?([a-z]+)(?=[:"\s])', path.read_text()))
    (scripts_dir / "formats.txt").write_text("\n".join(sorted(formats)) + "\n")
    if FAILURES:
        print("\n".join(FAILURES))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
