-- Headless Neovim 0.7 as a real third-party LSP client of Vigil's server (node dist/server.js --stdio).
-- Run by neovim.ts: nvim --headless -u NONE -c 'luafile test/e2e/neovim.lua' with VIGIL_SERVER, VIGIL_NVIM_WS,
-- VIGIL_NVIM_OUT set. Writes a report to VIGIL_NVIM_OUT; exits 0 (qa!) on success and 1 (cq) on failure.
local out = assert(os.getenv('VIGIL_NVIM_OUT'))
local ws = assert(os.getenv('VIGIL_NVIM_WS'))
local server = assert(os.getenv('VIGIL_SERVER'))
local WAIT = tonumber(os.getenv('VIGIL_NVIM_WAIT_MS') or '15000')
local report = {}
local t0 = vim.loop.hrtime()
local function say(s) table.insert(report, string.format('[%6.0f ms] %s', (vim.loop.hrtime() - t0) / 1e6, s)) end
local function finish(code)
  local f = io.open(out, 'w'); f:write(table.concat(report, '\n') .. '\n'); f:close()
  vim.cmd(code == 0 and 'qa!' or 'cq')
end

local bufnr, client_id
local function vigil_diags()
  local r = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.source == 'vigil' then table.insert(r, d) end end
  return r
end
local function describe()
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(parts, string.format('%s:%s@%d:%d sev=%d', tostring(d.source), tostring(d.code), d.lnum, d.col, d.severity))
  end
  return #parts > 0 and table.concat(parts, ', ') or '(none)'
end
local function codes()
  local cs = {}
  for _, d in ipairs(vigil_diags()) do table.insert(cs, tostring(d.code)) end
  table.sort(cs)
  return table.concat(cs, ',')
end
local function wait_codes(expected, what)
  if not vim.wait(WAIT, function() return codes() == expected end, 20) then
    error(string.format('timed out after %d ms waiting for %s (codes "%s"); diagnostics now: %s', WAIT, what, expected, describe()))
  end
  say(string.format('%s: %s', what, describe()))
end
local function find(code)
  for _, d in ipairs(vigil_diags()) do if tostring(d.code) == code then return d end end
end

local function main()
  vim.cmd('filetype on')
  client_id = vim.lsp.start_client({
    name = 'vigil',
    cmd = { 'node', server, '--stdio' },
    root_dir = ws,
    workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'ws' } },
    flags = { debounce_text_changes = 0 },
    on_exit = function(code, signal) say(string.format('server exited code=%s signal=%s', tostring(code), tostring(signal))) end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.cmd('edit ' .. ws .. '/sample.py')
  bufnr = vim.api.nvim_get_current_buf()
  assert(vim.bo[bufnr].filetype == 'python', 'filetype is ' .. vim.bo[bufnr].filetype)
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- 1. diagnostics on open
  wait_codes('B506', 'diagnostics after open')
  local d = find('B506')
  assert(d.lnum == 5 and d.col == 15, string.format('B506 at %d:%d, expected 5:15 (yaml.load)', d.lnum, d.col))
  assert(d.severity == vim.diagnostic.severity.WARN, 'B506 severity ' .. d.severity .. ', expected WARN (2)')
  local client = vim.lsp.get_client_by_id(client_id)
  local sync = client.server_capabilities and client.server_capabilities.textDocumentSync
  local change = type(sync) == 'table' and sync.change or sync
  say('server textDocumentSync.change = ' .. tostring(change))
  assert(change == 2, 'the server should advertise incremental sync (2), got ' .. tostring(change))

  -- 2. code action: the quick fix for B506
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum) },
  }
  local resp = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
  assert(resp and not resp.err, 'textDocument/codeAction failed: ' .. vim.inspect(resp))
  local actions = resp.result or {}
  local titles, fix = {}, nil
  for _, a in ipairs(actions) do
    table.insert(titles, a.title)
    if not fix and a.title:match('safe_load') then fix = a end
  end
  say('code actions: ' .. table.concat(titles, ' | '))
  assert(fix, 'no yaml.safe_load quick fix among: ' .. table.concat(titles, ' | '))
  if not fix.edit and not fix.command and client.server_capabilities.codeActionProvider
      and type(client.server_capabilities.codeActionProvider) == 'table' and client.server_capabilities.codeActionProvider.resolveProvider then
    local r = client.request_sync('codeAction/resolve', fix, 5000, bufnr)
    assert(r and not r.err, 'codeAction/resolve failed')
    fix = r.result
  end
  if fix.edit then vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16') end
  if fix.command then
    local cmd = type(fix.command) == 'table' and fix.command or fix
    client.request_sync('workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments }, 5000, bufnr)
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, 5, 6, false)[1]
  assert(line == '        return yaml.safe_load(f)', 'line after the fix: ' .. tostring(line))
  wait_codes('', 'after the quick fix')

  -- 3. incremental edits update diagnostics
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { 'import pickle' })
  wait_codes('B403', 'after inserting "import pickle" at the top')
  assert(find('B403').lnum == 0)
  vim.api.nvim_buf_set_text(bufnr, 6, 20, 6, 29, { 'load' }) -- yaml.safe_load -> yaml.load (line moved to 6)
  assert(vim.api.nvim_buf_get_lines(bufnr, 6, 7, false)[1] == '        return yaml.load(f)', 'edit went wrong')
  wait_codes('B403,B506', 'after changing safe_load back to load')
  assert(find('B506').lnum == 6, 'B506 should follow the line shift to 6')
  vim.api.nvim_buf_set_lines(bufnr, 0, 1, false, {})
  wait_codes('B506', 'after deleting the pickle import')
  vim.lsp.stop_client(client_id)
  say('OK')
end

local ok, err = pcall(main)
if ok then finish(0) else say('FAIL: ' .. tostring(err)); finish(1) end
