using Acornima;
using Acornima.Ast;
using Microsoft.Extensions.Localization;

namespace SmeMonitor.Core.Scripting;

/// <summary>
/// Walks the parsed rule and accepts only: number, string, boolean and null literals, <c>undefined</c>,
/// array literals, declared globals, member access <c>a.b</c> / <c>a?.b</c>, computed access <c>a['k']</c> /
/// <c>a[0]</c> with a literal key only, the operators <c>! - + typeof</c>, arithmetic, comparison,
/// <c>&amp;&amp; || ??</c>, <c>?:</c>, and calls of helpers by name. Anything else is named with its position.
/// </summary>
/// <remarks>
/// Why literal keys only: a rule has no loops, so a computed index has no use, and a key built at run
/// time could spell <c>constructor</c>. Names that lead from data to functions and prototypes are
/// refused as properties; escapes (\u0061) are refused in names and keys so that the browser's token
/// guard sees what the server saw.
/// </remarks>
internal sealed class RuleWhitelist
{
    private static readonly HashSet<string> ForbiddenProperties =
    [
        "constructor", "__proto__", "prototype", "caller", "callee", "arguments",
        "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    ];

    private static readonly Dictionary<Operator, string> BinaryOperators = new()
    {
        [Operator.Addition] = "+", [Operator.Subtraction] = "-", [Operator.Multiplication] = "*",
        [Operator.Division] = "/", [Operator.Remainder] = "%", [Operator.Exponentiation] = "**",
        [Operator.Equality] = "==", [Operator.Inequality] = "!=", [Operator.StrictEquality] = "===",
        [Operator.StrictInequality] = "!==", [Operator.LessThan] = "<", [Operator.LessThanOrEqual] = "<=",
        [Operator.GreaterThan] = ">", [Operator.GreaterThanOrEqual] = ">=",
        [Operator.LogicalAnd] = "&&", [Operator.LogicalOr] = "||", [Operator.NullishCoalescing] = "??",
    };

    private static readonly Dictionary<Operator, string> RefusedOperators = new()
    {
        [Operator.In] = "in", [Operator.InstanceOf] = "instanceof", [Operator.BitwiseAnd] = "&",
        [Operator.BitwiseOr] = "|", [Operator.BitwiseXor] = "^", [Operator.LeftShift] = "<<",
        [Operator.RightShift] = ">>", [Operator.UnsignedRightShift] = ">>>", [Operator.BitwiseNot] = "~",
        [Operator.Void] = "void", [Operator.Delete] = "delete",
    };

    private readonly string _text;
    private readonly RuleGlobals _globals;
    private readonly IReadOnlySet<string> _helpers;
    private readonly int _maxNesting;
    private readonly IStringLocalizer _t;
    private readonly List<string> _used = [];

    private RuleWhitelist(string text, RuleGlobals globals, IReadOnlySet<string> helpers, int maxNesting, IStringLocalizer t)
    {
        _text = text;
        _globals = globals;
        _helpers = helpers;
        _maxNesting = maxNesting;
        _t = t;
    }

    /// <summary>The first problem found, with its 1-based line and column.</summary>
    private (string Message, int Line, int Column)? Problem { get; set; }

    /// <summary>Checks the parsed text; <paramref name="prepared"/> makes the rule from the declared globals the text reads.</summary>
    public static RuleValidation Check(string text, Script program, RuleGlobals globals, IReadOnlySet<string> helpers,
        int maxNesting, IStringLocalizer t, Func<IReadOnlyList<string>, PreparedRule> prepared)
    {
        var walker = new RuleWhitelist(text, globals, helpers, maxNesting, t);
        walker.CheckProgram(program);
        if (walker.Problem is not { } problem) return new RuleValidation(prepared(walker._used));
        return new RuleValidation(null, t["{0}（第 {1} 行第 {2} 列）", problem.Message, problem.Line, problem.Column],
            problem.Line, problem.Column);
    }

    private void CheckProgram(Script program)
    {
        if (HtmlComment(_text) is { } at)
        {
            // The parser drops "<!--" and "-->" comments (Annex B), and what they hide would be invisible to the walk.
            var lineStart = _text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
            Problem = (_t["不允许使用：{0}", _t["HTML 注释（<!-- -->）"]], _text[..at].Count(c => c == '\n') + 1, at - lineStart + 1);
            return;
        }
        if (program.Body.Count == 0)
        {
            Fail(program, _t["规则表达式为空"]);
            return;
        }
        if (program.Body.Count > 1)
        {
            Fail(program.Body[1], _t["规则只能是一个表达式"]);
            return;
        }
        if (program.Body[0] is not ExpressionStatement statement)
        {
            Refuse(program.Body[0], program.Body[0].Type switch
            {
                NodeType.WhileStatement or NodeType.DoWhileStatement or NodeType.ForStatement
                    or NodeType.ForInStatement or NodeType.ForOfStatement => _t["循环语句"],
                NodeType.BlockStatement => _t["语句块（{ }）"],
                NodeType.VariableDeclaration => _t["变量声明"],
                var type => _t["语句 {0}", type],
            });
            return;
        }
        Visit(statement.Expression, 1);
    }

    private void Visit(Node node, int depth)
    {
        if (Problem is not null) return;
        if (depth > _maxNesting)
        {
            Fail(node, _t["表达式嵌套过深：最多 {0} 层", _maxNesting]);
            return;
        }
        switch (node)
        {
            case NumericLiteral or StringLiteral or BooleanLiteral or NullLiteral:
                return;
            case RegExpLiteral:
                Refuse(node, _t["正则表达式字面量（请用 matches(文本, 模式)）"]);
                return;
            case Literal:
                Refuse(node, _t["BigInt 字面量"]);
                return;
            case Identifier id:
                CheckName(id);
                return;
            case ArrayExpression array:
                foreach (var element in array.Elements)
                {
                    if (element is null) Refuse(array, _t["数组空位"]);
                    else if (element is SpreadElement) Refuse(element, _t["展开语法（...）"]);
                    else Visit(element, depth + 1);
                }
                return;
            case MemberExpression member:
                CheckProperty(member);
                Visit(member.Object, depth + 1);
                return;
            case ChainExpression chain:
                Visit(chain.Expression, depth + 1);
                return;
            case UpdateExpression:
                Refuse(node, _t["自增或自减（++、--）"]);
                return;
            case UnaryExpression unary:
                if (unary.Operator is Operator.LogicalNot or Operator.UnaryNegation or Operator.UnaryPlus or Operator.TypeOf)
                    Visit(unary.Argument, depth + 1);
                else
                    Refuse(node, _t["运算符 {0}", RefusedOperators.GetValueOrDefault(unary.Operator, unary.Operator.ToString())]);
                return;
            case BinaryExpression binary:
                if (!BinaryOperators.ContainsKey(binary.Operator))
                {
                    Refuse(node, _t["运算符 {0}", RefusedOperators.GetValueOrDefault(binary.Operator, binary.Operator.ToString())]);
                    return;
                }
                Visit(binary.Left, depth + 1);
                Visit(binary.Right, depth + 1);
                return;
            case ConditionalExpression conditional:
                Visit(conditional.Test, depth + 1);
                Visit(conditional.Consequent, depth + 1);
                Visit(conditional.Alternate, depth + 1);
                return;
            case CallExpression call:
                CheckCall(call, depth);
                return;
            default:
                Refuse(node, Construct(node));
                return;
        }
    }

    private void CheckName(Identifier id)
    {
        if (HasEscape(id)) Fail(id, _t["名称和 [ ] 中的字符串不能使用转义字符（\\）"]);
        else if (id.Name == "undefined") return;
        else if (_globals.Contains(id.Name))
        {
            if (!_used.Contains(id.Name)) _used.Add(id.Name);
        }
        else if (_helpers.Contains(id.Name)) Fail(id, _t["辅助函数 {0} 只能被调用", id.Name]);
        else Fail(id, _t["“{0}”不是已声明的全局变量或辅助函数", id.Name]);
    }

    private void CheckProperty(MemberExpression member)
    {
        if (!member.Computed)
        {
            var name = (Identifier)member.Property;
            if (HasEscape(name)) Fail(name, _t["名称和 [ ] 中的字符串不能使用转义字符（\\）"]);
            else if (ForbiddenProperties.Contains(name.Name)) Fail(name, _t["不允许访问属性 {0}", name.Name]);
            return;
        }
        if (member.Optional)
        {
            Refuse(member, _t["可选下标（?.[ ]）"]);
            return;
        }
        switch (member.Property)
        {
            case StringLiteral key when HasEscape(key):
                Fail(key, _t["名称和 [ ] 中的字符串不能使用转义字符（\\）"]);
                return;
            case StringLiteral key when ForbiddenProperties.Contains(key.Value):
                Fail(key, _t["不允许访问属性 {0}", key.Value]);
                return;
            case StringLiteral:
                return;
            case NumericLiteral index when index.Raw.All(char.IsAsciiDigit):
                return;
            default:
                Fail(member.Property, _t["[ ] 中只能是字符串或非负整数字面量"]);
                return;
        }
    }

    private void CheckCall(CallExpression call, int depth)
    {
        if (call.Optional)
        {
            Refuse(call, _t["可选调用（?.()）"]);
            return;
        }
        if (call.Callee is not Identifier callee || !_helpers.Contains(callee.Name) || HasEscape(callee))
        {
            // Name what is wrong inside the callee first (a function literal, an undeclared name), then the call itself.
            if (call.Callee is not Identifier { Name: var name } || !_helpers.Contains(name)) Visit(call.Callee, depth + 1);
            Fail(call.Callee, _t["只能调用辅助函数：{0}", string.Join(", ", _helpers.Order(StringComparer.Ordinal))]);
            return;
        }
        foreach (var argument in call.Arguments)
        {
            if (argument is SpreadElement) Refuse(argument, _t["展开语法（...）"]);
            else Visit(argument, depth + 1);
        }
    }

    /// <summary>Index of "&lt;!--" or "--&gt;" outside strings and ordinary comments. Neither can appear in a whitelisted expression.</summary>
    private static int? HtmlComment(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"' or '`')
            {
                for (i++; i < text.Length && text[i] != c; i++)
                    if (text[i] == '\\') i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 1;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end;
            }
            else if (text.AsSpan(i).StartsWith("<!--") || text.AsSpan(i).StartsWith("-->"))
            {
                return i;
            }
        }
        return null;
    }

    private LocalizedString Construct(Node node) => node.Type switch
    {
        NodeType.AssignmentExpression => _t["赋值（=）"],
        NodeType.FunctionExpression or NodeType.ArrowFunctionExpression => _t["函数定义"],
        NodeType.ThisExpression => _t["this"],
        NodeType.NewExpression => _t["new 运算符"],
        NodeType.SequenceExpression => _t["逗号表达式"],
        NodeType.TemplateLiteral or NodeType.TaggedTemplateExpression => _t["模板字符串"],
        NodeType.ObjectExpression => _t["对象字面量"],
        NodeType.ClassExpression => _t["类定义"],
        _ => _t["语法 {0}", node.Type],
    };

    private bool HasEscape(Node node) => _text.AsSpan(node.Start, node.End - node.Start).Contains('\\');

    private void Refuse(Node node, string construct) => Fail(node, _t["不允许使用：{0}", construct]);

    private void Fail(Node node, string message) => Problem ??= (message, node.Location.Start.Line, node.Location.Start.Column + 1);
}
