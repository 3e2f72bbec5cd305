package io.keyport.backend.kio.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.backend.kio.store.ApplicationStore.AppRow;
import io.keyport.backend.kio.store.InboxStore;
import io.keyport.backend.kio.store.VersionStore.VersionRow;
import io.keyport.model.common.Timestamps;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.InboxItem;
import io.keyport.model.kio.KioStatistics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What waits for whom, and the dashboard's figures: read-only views across applications, each a
 * fixed number of queries ({@link InboxStore}).
 *
 * <p>A pending version waits for a person when that person may approve it and an approval of
 * theirs would still count: they belong to the application's team, the application is active,
 * four-eyes (if on) does not exclude them as an author, and either a required type is still
 * missing that they have not given, or more approvers are needed and they have given none.
 */
public final class InboxService {

    /** Largest statistics window, in days. */
    public static final int MAX_DAYS = 366;
    /** Number of own actions listed under "my recent activity". */
    static final int ACTIVITY_LIMIT = 20;

    private final Database db;
    private final InboxStore store;
    private final Clock clock;

    public InboxService(Database db, InboxStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** {@code GET /approvals/inbox}: the pending versions waiting for {@code caller}, oldest first. */
    public List<InboxItem> inbox(Principal caller) {
        if (!caller.hasScope(Scopes.UID)) {
            throw ApiException.forbidden("the token lacks scope uid");
        }
        if (!caller.isEmployee()) {
            throw ApiException.forbidden("only people approve versions; services have no approvals inbox");
        }
        List<String> teams = List.copyOf(caller.teams());
        return db.read(c -> {
            Map<String, AppRow> apps = store.appsWithPendingVersions(c, teams);
            Map<String, List<Approval>> approvals = store.pendingApprovals(c, teams).stream()
                    .collect(Collectors.groupingBy(a -> a.applicationId() + "\n" + a.versionId()));
            List<InboxItem> items = new ArrayList<>();
            for (VersionRow v : store.pendingVersions(c, teams)) {
                AppRow app = apps.get(v.applicationId());
                if (app == null) {
                    continue; // its application was deactivated between the two reads
                }
                ApprovalEvaluator.Policy policy =
                        ApplicationService.effective(app).withRequiredApprovers(v.requiredApprovers());
                if (policy.fourEyes() && v.authors().contains(caller.uid())) {
                    continue;
                }
                List<Approval> given = approvals.getOrDefault(v.applicationId() + "\n" + v.id(), List.of());
                var outcome = ApprovalEvaluator.evaluate(policy, v.authors(), given);
                if (outcome.approved()) {
                    continue;
                }
                List<String> mine = given.stream()
                        .filter(a -> a.userId().equals(caller.uid()))
                        .map(Approval::approvalType)
                        .sorted()
                        .toList();
                boolean typeLeft = outcome.missingTypes().stream().anyMatch(t -> !mine.contains(t));
                boolean personLeft = outcome.missingApprovers() > 0 && mine.isEmpty();
                if (typeLeft || personLeft) {
                    items.add(new InboxItem(
                            v.applicationId(),
                            app.app().name(),
                            app.app().teamId(),
                            v.id(),
                            v.artifact(),
                            v.created(),
                            v.createdBy(),
                            v.lastModifiedBy(),
                            outcome.missingTypes(),
                            outcome.missingApprovers(),
                            mine));
                }
            }
            return items;
        });
    }

    /** {@code GET /approvals/statistics?days=N}: the dashboard's figures over the last {@code days} days. */
    public KioStatistics statistics(Principal caller, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw ApiException.badRequest("days must be between 1 and " + MAX_DAYS, Map.of("field", "days"));
        }
        Instant now = Timestamps.now(clock);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstDay = today.minusDays(days - 1L);
        Instant from = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        return db.read(c -> {
            TreeMap<LocalDate, long[]> perDay = new TreeMap<>();
            for (LocalDate d = firstDay; !d.isAfter(today); d = d.plusDays(1)) {
                perDay.put(d, new long[1]);
            }
            store.createdSince(c, from, created -> {
                long[] count = perDay.get(LocalDate.ofInstant(created, ZoneOffset.UTC));
                if (count != null) {
                    count[0]++;
                }
            });
            Map<String, List<Long>> leadMillis = new TreeMap<>();
            store.approvedSince(
                    c,
                    from,
                    t -> leadMillis
                            .computeIfAbsent(t.teamId(), k -> new ArrayList<>())
                            .add(Math.max(
                                    0,
                                    Duration.between(t.created(), t.approvedAt())
                                            .toMillis())));
            long[] ages = new long[AGE_BUCKETS.length];
            store.pendingCreated(c, created -> ages[ageBucket(Duration.between(created, now))]++);
            List<KioStatistics.Activity> mine = new ArrayList<>();
            if (caller.uid() != null) {
                store.versionsCreatedBy(c, caller.uid(), ACTIVITY_LIMIT)
                        .forEach(v -> mine.add(new KioStatistics.Activity(
                                v.approvedAt(), "version.create", v.applicationId(), v.versionId(), null)));
                store.approvalsBy(c, caller.uid(), ACTIVITY_LIMIT)
                        .forEach(a -> mine.add(new KioStatistics.Activity(
                                a.approvedAt(),
                                "version.approve",
                                a.applicationId(),
                                a.versionId(),
                                a.approvalType())));
            }
            mine.sort(Comparator.comparing(KioStatistics.Activity::time).reversed());
            return new KioStatistics(
                    now,
                    days,
                    perDay.entrySet().stream()
                            .map(e -> new KioStatistics.DayCount(e.getKey(), e.getValue()[0]))
                            .toList(),
                    leadMillis.entrySet().stream()
                            .map(e -> leadTime(e.getKey(), e.getValue()))
                            .toList(),
                    ageBuckets(ages),
                    mine.subList(0, Math.min(ACTIVITY_LIMIT, mine.size())));
        });
    }

    /** Lower bounds (days) of the age buckets of pending versions; the last is open-ended. */
    private static final int[] AGE_BUCKETS = {0, 1, 3, 7, 30};

    static int ageBucket(Duration age) {
        long days = Math.max(0, age.toDays());
        int bucket = 0;
        for (int i = 0; i < AGE_BUCKETS.length; i++) {
            if (days >= AGE_BUCKETS[i]) {
                bucket = i;
            }
        }
        return bucket;
    }

    private static List<KioStatistics.AgeBucket> ageBuckets(long[] counts) {
        List<KioStatistics.AgeBucket> list = new ArrayList<>();
        for (int i = 0; i < AGE_BUCKETS.length; i++) {
            int lo = AGE_BUCKETS[i];
            Integer hi = i + 1 < AGE_BUCKETS.length ? AGE_BUCKETS[i + 1] : null;
            String label = hi == null
                    ? lo + "+ days"
                    : lo == 0 ? "< " + hi + " day" + (hi == 1 ? "" : "s") : lo + "–" + hi + " days";
            list.add(new KioStatistics.AgeBucket(label, lo, hi, counts[i]));
        }
        return list;
    }

    private static KioStatistics.TeamLeadTime leadTime(String team, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        double average = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return new KioStatistics.TeamLeadTime(team, n, Math.round(average) / 1000.0, Math.round(median) / 1000.0);
    }
}
