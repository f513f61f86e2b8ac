import re
root='/work/wt-admin-api/core/src/'
targets={
 'adapters/sqlite/desk/list.rs':['ConversationSummary'],
 'adapters/sqlite/desk/detail.rs':['MessageView','NoteView'],
 'adapters/sqlite/desk/mod.rs':['TemplateChoice'],
 'adapters/sqlite/desk/library.rs':['Canned','CannedInput','ReplyTemplate','TemplateInput'],
 'adapters/sqlite/desk/knowledge.rs':['KnowledgeView','KnowledgeInput'],
 'adapters/sqlite/desk/guests.rs':['GuestView'],
 'adapters/sqlite/desk/bookings.rs':['BookingView'],
 'adapters/sqlite/desk/dead_letters.rs':['DeadLetterView'],
 'adapters/sqlite/hours.rs':['Holiday'],
 'app/desk/reply.rs':['StaffMessage'],
 'app/desk/hours.rs':['HoursView','Week'],
 'app/desk/metrics.rs':['Percentiles','VolumeRow','HandoffStats','BookingStats','MetricsSummary'],
}
for p,names in targets.items():
    s=open(root+p).read()
    for n in names:
        m=re.search(r'(#\[derive\(([^)]*)\)\]\n(?:#\[[^\n]*\]\n)*pub (?:struct|enum) '+n+r'\b)', s)
        if not m: raise SystemExit(f"{p}: {n} not found")
        block=m.group(1)
        new=block.replace('#[derive('+m.group(2)+')]','#[derive('+m.group(2)+', utoipa::ToSchema)]',1)
        s=s.replace(block,new,1)
    open(root+p,'w').write(s)
# NaiveDate field
p=root+'adapters/sqlite/hours.rs'
s=open(p).read()
s=s.replace("pub struct Holiday {\n    pub date: NaiveDate,","pub struct Holiday {\n    #[schema(value_type = String, example = \"2026-12-25\")]\n    pub date: NaiveDate,")
open(p,'w').write(s)
print('ok')
