/*
 * The JUnit report, written with libxml2's xmlTextWriter. It keeps to what
 * both the Jenkins xunit schema and the Apache Ant schema accept: a bare
 * <testsuites>, one fully attributed <testsuite> whose children come in
 * the order properties, test cases, system-out, system-err, and at most one
 * outcome element per test case.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "instant.h"
#include "report_junit.h"
#include "text.h"

/* Every libxml2 writer call returns a negative number on failure; the
 * first failure makes the whole report fail. */
struct junit {
	xmlTextWriterPtr w;
	bool	 ok;
	const struct report_ctx *ctx;
};

static const xmlChar *
junit_x(const char *s)
{
	return (const xmlChar *)s;
}

static void
junit_check(struct junit *j, int rc)
{
	if (rc < 0)
		j->ok = false;
}

static void
junit_start(struct junit *j, const char *element)
{
	junit_check(j, xmlTextWriterStartElement(j->w, junit_x(element)));
}

static void
junit_end(struct junit *j)
{
	junit_check(j, xmlTextWriterEndElement(j->w));
}

/* Write an attribute whose value may hold anything a tenant typed. */
static void
junit_attr(struct junit *j, const char *name, const char *value)
{
	struct buf clean;

	buf_init(&clean);
	text_xml_clean(&clean, value);
	junit_check(j, xmlTextWriterWriteAttribute(j->w, junit_x(name),
	    junit_x(buf_str(&clean))));
	buf_release(&clean);
}

static void
junit_attr_count(struct junit *j, const char *name, size_t n)
{
	char text[32];

	snprintf(text, sizeof(text), "%zu", n);
	junit_attr(j, name, text);
}

static void
junit_text(struct junit *j, const char *value)
{
	struct buf clean;

	buf_init(&clean);
	text_xml_clean(&clean, value);
	junit_check(j, xmlTextWriterWriteString(j->w, junit_x(buf_str(&clean))));
	buf_release(&clean);
}

/* Seconds with three decimals, built from integers so that no locale can
 * turn the point into a comma. */
static void
junit_attr_seconds(struct junit *j, const char *name, long long ms)
{
	char text[48];

	if (ms < 0)
		ms = 0;
	snprintf(text, sizeof(text), "%lld.%03lld", ms / 1000, ms % 1000);
	junit_attr(j, name, text);
}

static void
junit_property(struct junit *j, const char *name, const char *value)
{
	junit_start(j, "property");
	junit_attr(j, "name", name);
	junit_attr(j, "value", value);
	junit_end(j);
}

static void
junit_properties(struct junit *j)
{
	char now[INSTANT_BUFSZ];

	instant_format(j->ctx->now, now);
	junit_start(j, "properties");
	junit_property(j, "evaluated_at", now);
	junit_property(j, "version", j->ctx->version);
	junit_property(j, "junit_fail_on", state_name(j->ctx->junit_fail_on));
	junit_end(j);
}

enum junit_outcome {
	JUNIT_PASS,
	JUNIT_FAILURE,
	JUNIT_ERROR,
	JUNIT_SKIPPED
};

static enum junit_outcome
junit_outcome(const struct report_ctx *ctx, enum state s)
{
	switch (s) {
	case STATE_UNKNOWN:
	case STATE_ERROR:
		return JUNIT_ERROR;
	case STATE_SKIPPED:
		return JUNIT_SKIPPED;
	case STATE_CRITICAL:
		return JUNIT_FAILURE;
	case STATE_WARN:
		return ctx->junit_fail_on == STATE_WARN ? JUNIT_FAILURE :
		    JUNIT_PASS;
	case STATE_HEALTHY:
		return JUNIT_PASS;
	}
	return JUNIT_ERROR;
}

/* <failure> or <error>: the finding as message and, for GitLab, which
 * shows only the element's text, as text too. */
static void
junit_problem(struct junit *j, const char *element, const struct tenant *t)
{
	struct buf message;

	buf_init(&message);
	report_message(t, &message);
	junit_start(j, element);
	junit_attr(j, "type", state_name(t->result.state));
	junit_attr(j, "message", buf_str(&message));
	junit_text(j, buf_str(&message));
	junit_end(j);
	buf_release(&message);
}

static void
junit_testcase(struct junit *j, const struct tenant *t)
{
	struct buf classname;

	buf_init(&classname);
	buf_addf(&classname, "ttlwatch.%s", tenant_display_id(t));
	junit_start(j, "testcase");
	junit_attr(j, "classname", buf_str(&classname));
	junit_attr(j, "name", "token expiry");
	junit_attr_seconds(j, "time", 0);
	switch (junit_outcome(j->ctx, t->result.state)) {
	case JUNIT_FAILURE:
		junit_problem(j, "failure", t);
		break;
	case JUNIT_ERROR:
		junit_problem(j, "error", t);
		break;
	case JUNIT_SKIPPED:
		junit_start(j, "skipped");
		junit_attr(j, "message", "disabled in its configuration");
		junit_end(j);
		break;
	case JUNIT_PASS:
		break;
	}
	junit_end(j);
	buf_release(&classname);
}

struct junit_counts {
	size_t	failures;
	size_t	errors;
	size_t	skipped;
};

static struct junit_counts
junit_count(const struct report_ctx *ctx)
{
	struct junit_counts c = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < ctx->tenants->len; i++) {
		switch (junit_outcome(ctx, ctx->tenants->items[i]->result.state)) {
		case JUNIT_FAILURE:
			c.failures++;
			break;
		case JUNIT_ERROR:
			c.errors++;
			break;
		case JUNIT_SKIPPED:
			c.skipped++;
			break;
		case JUNIT_PASS:
			break;
		}
	}
	return c;
}

static void
junit_suite_attributes(struct junit *j)
{
	struct junit_counts c = junit_count(j->ctx);
	char host[256], stamp[INSTANT_BUFSZ];

	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	instant_format(j->ctx->now, stamp);
	stamp[strlen(stamp) - 1] = '\0';	/* no zone: the schemas' form */

	junit_attr(j, "name", "ttlwatch");
	junit_attr(j, "package", "ttlwatch");
	junit_attr(j, "id", "0");
	junit_attr(j, "hostname", host);
	junit_attr_count(j, "tests", j->ctx->tenants->len);
	junit_attr_count(j, "failures", c.failures);
	junit_attr_count(j, "errors", c.errors);
	junit_attr_count(j, "skipped", c.skipped);
	junit_attr_seconds(j, "time", 0);
	junit_attr(j, "timestamp", stamp);
}

/* "acme-uk: Acme Retail UK, token 'Nightly connector': warn" for the
 * suite's output, which is where names and labels appear. */
static void
junit_tenant_line(const struct tenant *t, struct buf *out)
{
	buf_addf(out, "%s: %s", tenant_display_id(t), tenant_display_name(t));
	if (t->label != NULL)
		buf_addf(out, ", token '%s'", t->label);
	buf_addf(out, ": %s\n", state_name(t->result.state));
}

static void
junit_suite(struct junit *j)
{
	struct buf summary;
	size_t i;

	junit_start(j, "testsuite");
	junit_suite_attributes(j);
	junit_properties(j);
	for (i = 0; i < j->ctx->tenants->len; i++)
		junit_testcase(j, j->ctx->tenants->items[i]);

	buf_init(&summary);
	report_summary(j->ctx->counts, &summary);
	buf_addc(&summary, '\n');
	for (i = 0; i < j->ctx->tenants->len; i++)
		junit_tenant_line(j->ctx->tenants->items[i], &summary);
	junit_start(j, "system-out");
	junit_text(j, buf_str(&summary));
	junit_end(j);
	buf_release(&summary);
	junit_start(j, "system-err");
	junit_end(j);
	junit_end(j);
}

/* Append the JUnit document to out; false if libxml2 failed. */
bool
report_junit_write(const struct report_ctx *ctx, struct buf *out)
{
	struct junit j = { NULL, true, ctx };
	xmlBufferPtr xbuf = xmlBufferCreate();

	if (xbuf == NULL)
		return false;
	j.w = xmlNewTextWriterMemory(xbuf, 0);
	if (j.w == NULL) {
		xmlBufferFree(xbuf);
		return false;
	}
	junit_check(&j, xmlTextWriterSetIndent(j.w, 1));
	junit_check(&j, xmlTextWriterSetIndentString(j.w, junit_x("  ")));
	junit_check(&j, xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL));
	junit_start(&j, "testsuites");
	junit_suite(&j);
	junit_end(&j);
	junit_check(&j, xmlTextWriterEndDocument(j.w));
	xmlFreeTextWriter(j.w);

	if (j.ok)
		buf_add(out, (const char *)xmlBufferContent(xbuf),
		    (size_t)xmlBufferLength(xbuf));
	xmlBufferFree(xbuf);
	return j.ok;
}
