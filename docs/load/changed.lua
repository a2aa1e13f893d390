-- wrk script: every request asks for a school's plan as PDF with a
-- document number and a person never asked before, so the server renders
-- each one (nothing comes from its cache).
--   wrk -t2 -c50 -d20s --latency -s docs/load/changed.lua http://localhost:8080
local schools = {"th-nguyen-binh-khiem", "mn-be-ngoan", "thcs-minh-duc", "th-ket-doan", "mn-ben-nghe"}
local n = 0
request = function()
  n = n + 1
  local id = schools[n % #schools + 1]
  return wrk.format("GET", "/2025/" .. id .. "/ke-hoach.pdf?so=" .. n .. "&phu_trach.dan_van.ho_ten=Nguy%E1%BB%85n+V%C4%83n+" .. n)
end
