-- wrk script for HTTP/1.1 pipelining: each write carries the request DEPTH times back to back
-- (`wrk -s pipeline.lua URL -- 16`); wrk counts every response.
init = function(args)
  local depth = tonumber(args[1]) or 16
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format()
  end
  req = table.concat(batch)
end

request = function()
  return req
end
