-- status.lua - wrk script for `make bench`: count the HTTP status of every
-- response, so that a redirect (a lost session answers 303 -> /login, which
-- wrk's own "Non-2xx or 3xx" counter does not count) or an error page is seen.
-- Used for every target, static included, so all runs pay the same overhead.
--
-- Prints one line after wrk's report:
--   bench-status ok=<200s> bad=<others> codes=<status>:<count>,...

local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	ok = 0
	bad = 0
	codes = {}
end

function response(status, headers, body)
	if status == 200 then
		ok = ok + 1
	else
		bad = bad + 1
		codes[status] = (codes[status] or 0) + 1
	end
end

function done(summary, latency, requests)
	local total_ok, total_bad, all = 0, 0, {}
	for _, t in ipairs(threads) do
		total_ok = total_ok + t:get("ok")
		total_bad = total_bad + t:get("bad")
		for status, n in pairs(t:get("codes")) do
			all[status] = (all[status] or 0) + n
		end
	end
	local list = {}
	for status, n in pairs(all) do
		table.insert(list, string.format("%d:%d", status, n))
	end
	table.sort(list)
	io.write(string.format("bench-status ok=%d bad=%d codes=%s\n", total_ok, total_bad,
		#list > 0 and table.concat(list, ",") or "-"))
end
