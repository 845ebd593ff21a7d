"""The desk's admin screens, hooked into the match admin by ``desk/admin.py``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from desk.forms import NewMatchReportForm, ReportForm
from desk.importer import ImportPlan, ImportRefused, plan_import
from desk.saving import apply_import


@require_http_methods(["GET", "POST"])
def import_report(
    request: HttpRequest, model_admin: admin.ModelAdmin, object_id: int | None = None
) -> HttpResponse:
    """Import from report: paste, preview (writes nothing), then save in one transaction.

    The Save form carries the previewed text in a hidden field and the editor's choice
    of player for each name in a select named after the row ("player-t0-p3").
    """
    match = None
    if object_id is not None:
        match = model_admin.get_object(request, str(object_id))
        if match is None:
            return model_admin._get_obj_does_not_exist_redirect(
                request, model_admin.opts, str(object_id)
            )
        if not model_admin.has_change_permission(request, match):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    form_class = NewMatchReportForm if match is None else ReportForm
    plan = None
    if request.method == "POST":
        form = form_class(request.POST)
        form.is_valid()
        # The report can be previewed before a new match's details are complete.
        if "report" in form.cleaned_data:
            choices = {
                name.removeprefix("player-"): value
                for name, value in request.POST.items()
                if name.startswith("player-")
            }
            plan = plan_import(form.cleaned_data["report"], match=match, choices=choices)
        if plan is not None and form.is_valid() and "save" in request.POST:
            try:
                match = apply_import(
                    plan,
                    competition=form.cleaned_data.get("competition"),
                    kickoff=form.cleaned_data.get("kickoff"),
                    rating_opens_at=form.cleaned_data.get("rating_opens_at"),
                    rating_closes_at=form.cleaned_data.get("rating_closes_at"),
                )
            except ImportRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _import_summary(plan))
                return redirect("admin:matches_match_change", match.pk)
    else:
        form = form_class(initial={"report": match.report_text} if match else None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Import from report: {match}" if match else "Import a new match from a report",
        "match": match,
        "form": form,
        "plan": plan,
        "can_save": plan is not None and not plan.problems and form.is_valid(),
        "action": request.path,
    }
    return TemplateResponse(request, "admin/desk/import_report.html", context)


def _import_summary(plan: ImportPlan) -> str:
    new = len(plan.new_players)
    parts = [f"Imported {len(plan.rows)} players ({new} new)"]
    if plan.man_of_the_match is not None:
        parts.append(f"the man of the match, {plan.man_of_the_match.parsed.name}")
    if plan.report.events:
        parts.append(f"{len(plan.report.events)} key moments")
    summary = ", ".join(parts) + "."
    if plan.removed:
        summary += f" Removed {len(plan.removed)} players no longer in the report."
    return summary
