/* C++ frames for -k's demangled names (tests/t/stack_demangle.sh):
 * main -> ns::g<char>(char) -> ns::K::f(double) const -> ns::K::f(int)
 * -> getppid(). No header, so no libstdc++ headers are needed; the calls
 * are not inlined and not tail calls. */
extern "C" int getppid(void);

volatile int sink;

namespace ns {
struct K {
	__attribute__((noinline)) static int f(int x);
	__attribute__((noinline)) int f(double x) const;
};

int K::f(int x)
{
	return getppid() + x + sink;
}

int K::f(double x) const
{
	return f((int)x) + sink;
}

template <typename T> __attribute__((noinline)) int g(T c)
{
	K k;
	return k.f((double)c) + sink;
}
}

int main()
{
	return ns::g<char>(1) > 0 ? 0 : 1;
}
